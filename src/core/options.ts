import type { ManagerOptions, SocketOptions, io as ioFunction } from "socket.io-client";
import type { Clock } from "./clock";

/** Where the handle tells what it does: the server's shape, so `console` or the app's logger fits. */
export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

/**
 * Where the access token travels on the handshake:
 * - `"query"`: `socket.handshake.query[tokenKey]`, what SuperTokens' guide reads. The token ends up in URLs
 *   (and so in proxy access logs).
 * - `"auth"`: `socket.handshake.auth[tokenKey]`, the socket.io CONNECT payload: kept out of URLs.
 * - `"cookie"`: the page sends no token; the socket server reads SuperTokens' access-token cookie from the
 *   handshake. The token never has to be readable by page scripts.
 */
export type TokenIn = "query" | "auth" | "cookie";

/** Everything `createAuthedSocket` takes: socket.io-client's own options pass through unchanged. */
export interface AuthedSocketOptions extends Partial<ManagerOptions & SocketOptions> {
  /**
   * Where the token goes on the handshake. See {@link TokenIn}.
   * @default "query"
   */
  tokenIn?: TokenIn;
  /**
   * The field name of the token in the query or the auth payload.
   * @default "token"
   */
  tokenKey?: string;
  /**
   * How long before the token's `exp` to rotate to a fresh one. Rotation happens once per token lifetime,
   * never in a loop: the margin is capped at half the lifetime.
   * @default a fifth of the token's lifetime, between 1 s and 60 s (12 s for a one-minute token, 60 s for an hour)
   */
  refreshMarginMs?: number;
  /**
   * Reads the current access token; `undefined` when none is readable.
   * Called before the first connection, before every reconnection, and when a session signal arrives.
   * @default `Session.getAccessToken` from `supertokens-web-js/recipe/session`
   */
  getAccessToken?: () => Promise<string | undefined>;
  /**
   * Refreshes the session: `true` refreshed, `false` the session is over, throws when the backend or the network
   * failed. Called shortly before the token expires, when the server rejects the token, and to tell why no token
   * is readable. Concurrent calls from every handle that shares this function and replaces the same token are
   * merged into one, so a handle of the next session never joins a refresh of the previous one.
   * @default `Session.attemptRefreshingSession` from `supertokens-web-js/recipe/session`
   */
  attemptRefreshingSession?: () => Promise<boolean>;
  /**
   * Tells whether a session exists, for `tokenIn: "cookie"` (where no token is readable). Called before
   * `getAccessTokenPayload`.
   * @default `Session.doesSessionExist` from `supertokens-web-js/recipe/session`
   */
  doesSessionExist?: () => Promise<boolean>;
  /**
   * The access token's payload (its `exp`, `iat` and `sub` time the rotations) for `tokenIn: "cookie"`, where the
   * token itself is not readable. Called wherever `getAccessToken` would be.
   * @default `Session.getAccessTokenPayloadSecurely` from `supertokens-web-js/recipe/session`
   */
  getAccessTokenPayload?: () => Promise<Record<string, unknown>>;
  /**
   * How long to wait for the server's answer to an in-place token hand-over before rotating by reconnecting.
   * @default 5000
   */
  ackTimeoutMs?: number;
  /**
   * How long a session call (reading the token, refreshing) may take before it counts as failed
   * (`REFRESH_FAILED`, retried with backoff), so a hung request cannot stall the handle.
   * @default 15000
   */
  sessionTimeoutMs?: number;
  /**
   * Per handle: listen to the other tabs of this origin (a BroadcastChannel): their sign-out ends this handle at once,
   * anything else they say makes it look again. With `false` this handle hears nothing from them, and while every
   * live handle of the page says `false`, `handleSessionEvent` tells them nothing either (a page with no live handle
   * still tells them: its news may matter to theirs).
   * @default true
   */
  crossTab?: boolean;
  /**
   * socket.io's own. `true` gives this handle a Manager (an engine connection) of its own. Otherwise handles share
   * one exactly when socket.io's `io()` would: the same origin and `path`, neither `forceNew` nor `multiplex: false`,
   * and the namespace not opened on it before; and only handles of one session whose tokens travel alike (`tokenIn`,
   * `tokenKey`, the session functions, `io`). The Manager's options are those of the handle that opened it. On a shared
   * connection each namespace rotates in place on its own; a rotation by reconnect reopens the engine once for all.
   * @default false
   */
  forceNew?: boolean;
  /**
   * socket.io's `reconnection`, `reconnectionAttempts`, `reconnectionDelay`, `reconnectionDelayMax` and
   * `randomizationFactor` keep their meaning, but the handle reconnects itself (refreshing first when the token is
   * due). Giving up is final: with `reconnection: false`, or once `reconnectionAttempts` failed in a row, the handle
   * ends `closed` with `error.code === "CONNECT_FAILED"`. Failed refreshes have a budget of their own: they are
   * retried with the same backoff for as long as the session may be alive.
   * @default true
   */
  reconnection?: boolean;
  /**
   * Receives every transition (`debug`: from and to, with its reason and timings: handshake, token, in place or by
   * reconnect) and every non-fatal error (`warn`). Never a token or any part of one. Unset, nothing is logged.
   * @default undefined
   */
  logger?: Logger;
  /**
   * Aborting it while `createAuthedSocket` starts rejects with an `AbortError` (a `DOMException`) and leaves nothing
   * open; aborting it later closes the handle.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * The clock and timers the handle times tokens and retries by (for tests and simulations).
   * @default the page's `Date.now`, `setTimeout` and `clearTimeout`
   */
  clock?: Clock;
  /**
   * socket.io-client's `io`, for an app that loads it some other way.
   * @default `io` from `socket.io-client` (the global `io` in the script-tag build)
   */
  io?: typeof ioFunction;
}
