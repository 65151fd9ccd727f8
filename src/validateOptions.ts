import { errors } from "./errors";
import type { AuthedSocketOptions } from "./options";

type Rule = [keys: (keyof AuthedSocketOptions)[], ok: (value: unknown) => boolean, what: string];

const rules: Rule[] = [
  [["tokenIn"], (v) => v === "query" || v === "auth" || v === "cookie", 'one of "query", "auth", "cookie"'],
  [["tokenKey"], (v) => typeof v === "string" && /^[\w$.-]{1,64}$/.test(v), "1 to 64 letters, digits or _$.-"],
  [
    ["refreshMarginMs", "ackTimeoutMs", "sessionTimeoutMs"],
    (v) => typeof v === "number" && v >= 0 && v < Infinity,
    "a finite number of ms, 0 or more",
  ],
  [
    ["getAccessToken", "attemptRefreshingSession", "doesSessionExist", "getAccessTokenPayload", "io"],
    (v) => typeof v === "function",
    "a function",
  ],
  [["logger", "clock", "signal"], (v) => typeof v === "object" && v !== null, "an object"],
];

/** Refuses what `createAuthedSocket` cannot use, before it touches the session. socket.io's own options are its to check. */
export function validateOptions(url: unknown, options: AuthedSocketOptions): void {
  if (typeof url !== "string" || url === "") throw errors.invalidOptions("url must be a non-empty string.");
  for (const [keys, ok, what] of rules) {
    for (const key of keys) {
      if (options[key] !== undefined && !ok(options[key])) throw errors.invalidOptions(`${key} must be ${what}.`);
    }
  }
}
