import { errors } from "./errors";
import type { AuthedSocketOptions } from "./options";

const KEY = /^[\w$.-]{1,64}$/;

type Rule = [keys: (keyof AuthedSocketOptions)[], ok: (value: any) => boolean, what: string];

/** Refuses what `createAuthedSocket` cannot use, before it touches the session. socket.io's own options are its to check. */
export function validateOptions(url: unknown, options: AuthedSocketOptions): void {
  if (typeof url !== "string" || !url) throw errors.invalidOptions("url must be a non-empty string.");
  for (const [keys, ok, what] of [
    [["tokenIn"], (v) => ["query", "auth", "cookie"].includes(v), 'one of "query", "auth", "cookie"'],
    // test() would read a number as its digits: only a string is a key.
    [["tokenKey"], (v) => typeof v === "string" && KEY.test(v), `a string matching ${KEY}`],
    // isFinite refuses NaN, ±Infinity and anything not a number, without coercing.
    [["refreshMarginMs", "ackTimeoutMs", "sessionTimeoutMs"], (v) => Number.isFinite(v) && v >= 0, "a finite number of ms >= 0"],
    [
      ["getAccessToken", "attemptRefreshingSession", "doesSessionExist", "getAccessTokenPayload", "io"],
      (v) => typeof v === "function",
      "a function",
    ],
    // Only defined values are checked: a falsy object is null.
    [["logger", "clock", "signal"], (v) => typeof v === "object" && v, "an object"],
  ] satisfies Rule[]) {
    for (const key of keys) {
      if (options[key] !== undefined && !ok(options[key])) throw errors.invalidOptions(`${key} must be ${what}.`);
    }
  }
}
