import { DEV } from "./dev";
import type { RejectionCode } from "./protocol";

/**
 * Every failure this package reports, as a string union:
 * - `NOT_LOGGED_IN`: there is no session (thrown as {@link NotLoggedInError}).
 * - `REFRESH_FAILED`: the refresh endpoint answered 5xx or could not be reached; the session may still be alive.
 * - `TOKEN_NOT_EXPOSED`: a session exists but its access token is not readable by the page.
 * - `REJECTED`: the socket server refused the token; `serverCode` holds its code when it sent one.
 * - `CONNECT_FAILED`: the socket server could not be reached: an `error` event while the handle retries, and the
 *   final `error` of a handle that gave up (`reconnection: false`, or `reconnectionAttempts` used up: status `closed`).
 * - `INVALID_OPTIONS`: `createAuthedSocket` was called with options it cannot use, or supertokens-web-js is not set
 *   up where this package reads it (not loaded, `SuperTokens.init` not called, `Session.init` missing from its
 *   `recipeList`, or two copies of it in the app). Never retried.
 */
export type AuthedSocketErrorCode =
  | "NOT_LOGGED_IN"
  | "REFRESH_FAILED"
  | "TOKEN_NOT_EXPOSED"
  | "REJECTED"
  | "CONNECT_FAILED"
  | "INVALID_OPTIONS";

export interface AuthedSocketErrorOptions {
  cause?: unknown;
  serverCode?: RejectionCode | undefined;
}

/** The one error class of the package. Its messages never contain a token. */
export class AuthedSocketError extends Error {
  override readonly name: string = "AuthedSocketError";
  declare readonly code: AuthedSocketErrorCode;
  /** The rejection code the server sent, for `REJECTED`. */
  declare readonly serverCode: RejectionCode | undefined;

  constructor(code: AuthedSocketErrorCode, message: string, { cause, serverCode }: AuthedSocketErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    // Assigned, not declared as fields: the same own properties (both always present), in the same order, less code.
    this.code = code;
    this.serverCode = serverCode;
  }
}

/** Thrown by `createAuthedSocket` when there is no SuperTokens session: sign in first. */
export class NotLoggedInError extends AuthedSocketError {
  override readonly name = "NotLoggedInError";
  declare readonly code: "NOT_LOGGED_IN";

  constructor(message = "No SuperTokens session: sign in first.") {
    super("NOT_LOGGED_IN", message);
  }
}

/** @internal */
export const errors = {
  refreshFailed: (cause: unknown) =>
    new AuthedSocketError("REFRESH_FAILED", "Session refresh failed (backend or network).", { cause }),
  tokenNotExposed: () =>
    new AuthedSocketError(
      "TOKEN_NOT_EXPOSED",
      DEV
        ? 'Token not readable: set exposeAccessTokenToFrontendInCookieBasedAuth: true (backend Session.init), ' +
            'tokenTransferMethod: "header" or tokenIn: "cookie".'
        : 'Token not readable: see README "Errors".',
    ),
  rejected: (serverCode: RejectionCode | undefined, cause?: unknown) =>
    new AuthedSocketError(
      "REJECTED",
      `The socket server rejected the token${serverCode ? ` (${serverCode})` : ""}.` +
        (serverCode === "ORIGIN_NOT_ALLOWED"
          ? ` See README "Cookie mode: which deployments work"${DEV ? ' (allowedOrigins; transports: ["websocket"])' : ""}.`
          : ""),
      { serverCode, cause },
    ),
  connectFailed: (cause: unknown, final?: string) =>
    new AuthedSocketError("CONNECT_FAILED", `Could not reach the socket server${final ? `: ${final}` : " (retrying)"}.`, { cause }),
  invalidOptions: (what: string, cause?: unknown) =>
    new AuthedSocketError("INVALID_OPTIONS", `Invalid options: ${what}`, { cause }),
};

/** An `AbortError`: a DOMException where there is one (browsers, Node), an Error of that name elsewhere (Hermes). */
export function abortError(message: string): Error {
  if (typeof DOMException === "function") return new DOMException(message, "AbortError");
  return Object.assign(new Error(message), { name: "AbortError" });
}

/**
 * True for any error of this package, including one from another copy of it (another bundle, iframe or realm),
 * which `instanceof` would miss.
 */
export function isAuthedSocketError(error: unknown): error is AuthedSocketError {
  type Like = { name: string; code: unknown } | null;
  return (
    error instanceof AuthedSocketError ||
    (typeof error === "object" &&
      typeof (error as Like)?.code === "string" &&
      ["AuthedSocketError", "NotLoggedInError"].includes((error as Like)!.name))
  );
}
