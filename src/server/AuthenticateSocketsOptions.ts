import type { Socket } from "socket.io";
import type { HandshakeLimit } from "./HandshakeBudget";
import type { ReauthLimit } from "./ReauthBudget";
import type { AccessTokenPayload } from "./AuthenticatedSocketData";
import type { OverrideGlobalClaimValidators, SessionRecipe } from "./SessionRecipe";

/**
 * An authorization rule run after the token's signature and lifetime are verified, on every handshake and every
 * re-authentication. Answer `false` (or throw) to refuse the socket with `CLAIM_INVALID`.
 */
export type ClaimCheck = (payload: AccessTokenPayload, socket: AnySocket) => boolean | Promise<boolean>;

/** A server-side socket whatever its event maps and data type, so the middleware fits any typed `Server`. */
export type AnySocket = Socket<any, any, any, any>;

/** Where the app's warnings go: `console` unless told otherwise. */
export interface Logger {
  warn(message: string): void;
}

/** The verifier `authenticateSockets` requires: `jwksUri` or `sessionRecipe` (not both: a `TypeError` at setup). */
export type VerifierChoice = { jwksUri: string | URL } | { sessionRecipe: SessionRecipe };

/**
 * Everything `authenticateSockets` takes. Exactly one of `jwksUri` (verify the JWT here, with jose) and
 * `sessionRecipe` (let the app's supertokens-node verify it, as its REST API does) is required.
 */
export interface AuthenticateSocketsOptions {
  /**
   * The JWKS of the SuperTokens backend: `{apiDomain}{apiBasePath}/jwt/jwks.json`, e.g.
   * `https://api.example.com/auth/jwt/jwks.json`. Fetched on the first handshake, then cached. For a socket
   * server that does not run supertokens-node; otherwise prefer `sessionRecipe`.
   * @default none: required unless `sessionRecipe` is given
   */
  jwksUri?: string | URL;
  /**
   * The app's `supertokens-node/recipe/session` (`import Session from "supertokens-node/recipe/session"`), in a
   * process where `supertokens.init` ran. Every handshake and re-authentication is then verified by
   * `Session.getSessionWithoutRequestResponse`, so the app's global claim validators (email verification, MFA,
   * roles, its own) apply to sockets exactly as to its REST API. Its errors keep their meaning: `TRY_REFRESH_TOKEN`
   * is `TOKEN_EXPIRED` for an expired token (`TOKEN_INVALID` for an unexpired one whose signature fails),
   * `UNAUTHORISED` is `TOKEN_INVALID`, `INVALID_CLAIMS` is `CLAIM_INVALID` (with the failed claim ids in
   * `err.data.claims`), and a core it cannot reach is `JWKS_UNAVAILABLE` (the client retries later, same token).
   * The anti-CSRF check is off (a WebSocket handshake cannot carry the token): in cookie mode `allowedOrigins`
   * stands in for it. `jwksUri`, `issuer` and the `jwks…` settings do not apply.
   * @default none: required unless `jwksUri` is given
   */
  sessionRecipe?: SessionRecipe;
  /**
   * With `sessionRecipe`: also ask the core, on every handshake and re-authentication, whether the session still
   * exists, so that a revoked session's still-unexpired access token is refused (`TOKEN_INVALID`), whoever revoked
   * it (a user deleted on the core, another backend). One core round trip per verification.
   * @default false
   */
  checkDatabase?: boolean;
  /**
   * With `sessionRecipe`: the claim validators sockets need instead of (or besides) the app's global ones, as
   * `verifySession({ overrideGlobalClaimValidators })` takes them, e.g.
   * `(globals) => [...globals, UserRoleClaim.validators.includes("chat")]`. Called on every verification.
   * @default the app's global claim validators
   */
  overrideGlobalClaimValidators?: OverrideGlobalClaimValidators;
  /**
   * Accept only tokens whose `iss` is this (or one of these). SuperTokens sets `iss` to the backend's
   * `{apiDomain}{apiBasePath}`. With `jwksUri` only.
   * @default `iss` is not checked
   */
  issuer?: string | readonly string[];
  /**
   * The field holding the token in the handshake's auth payload (`socket.handshake.auth`), read first, and in its
   * query string (`socket.handshake.query`), read next.
   * @default "token"
   */
  tokenKey?: string;
  /**
   * Turns on cookie mode: when the handshake carries no token in auth or query, the token is read from the
   * `cookieName` cookie, and accepted only if the browser vouches that the page making the handshake is on one of
   * these origins (exact match, e.g. `"https://app.example.com"`), or the function answers `true` for the page's
   * origin. A cookie travels with every request the browser makes, even from another site's page, so without this
   * check any page could open a socket as the user (cross-site WebSocket hijacking).
   *
   * The page's origin is the handshake's `Origin` header (every WebSocket handshake, every cross-origin request).
   * A same-origin long-polling handshake (socket.io's default first request, a GET) carries no `Origin`: then, and
   * only with `Sec-Fetch-Site: same-origin`, the page's origin is the request's own scheme and `Host` (see
   * `trustForwardedProto` behind a TLS-terminating proxy). Anything else is refused with `ORIGIN_NOT_ALLOWED`:
   * neither header (not a browser; browsers also send no `Sec-Fetch-Site` to a plain-HTTP URL other than
   * `localhost`), `Sec-Fetch-Site` `cross-site`, `same-site` or `none` without `Origin`. Called on every handshake
   * that uses the cookie.
   * @default cookie mode off: a handshake without a token is refused with `TOKEN_MISSING`
   */
  allowedOrigins?: readonly string[] | ((origin: string) => boolean);
  /**
   * Cookie mode, behind a proxy that terminates TLS: the scheme of a same-origin handshake (one without `Origin`,
   * see `allowedOrigins`) is the last `X-Forwarded-Proto` value (the one the nearest proxy set) instead of the
   * connection's own, so that `https://app.example.com` matches although the proxy speaks plain HTTP to this
   * server. Turn it on only if every request reaches this server through a proxy that sets the header (nginx:
   * `proxy_set_header X-Forwarded-Proto $scheme`); the proxy must also pass the browser's `Host` on (nginx:
   * `proxy_set_header Host $host`). A handshake with `Origin` never reads it. Left off behind such a proxy, the
   * scheme is `http` and an `https://` origin in `allowedOrigins` does not match: the handshake is refused, never
   * wrongly admitted.
   * @default false: the connection's own scheme (`https` over TLS, else `http`)
   */
  trustForwardedProto?: boolean;
  /**
   * The cookie that holds SuperTokens' access token, in cookie mode.
   * @default "sAccessToken"
   */
  cookieName?: string;
  /**
   * Longer tokens are refused (`TOKEN_INVALID`) before any parsing, so an oversized one costs nothing.
   * @default 8192
   */
  maxTokenLength?: number;
  /**
   * Refuse (`CLAIM_INVALID`) tokens whose email is not verified (`payload["st-ev"].v !== true`). With
   * `sessionRecipe`, prefer the app's own `EmailVerificationClaim` validator, which the SDK already applies.
   * @default false
   */
  requireEmailVerified?: boolean;
  /**
   * Refuse (`CLAIM_INVALID`) tokens that lack any of these roles (`payload["st-role"].v`).
   * @default no role required
   */
  requireRoles?: readonly string[];
  /**
   * More authorization rules, run in order after the built-in ones (and after supertokens-node's claim validators
   * with `sessionRecipe`); see {@link ClaimCheck}.
   * A rule that throws refuses with `CLAIM_INVALID` (final for the client), unless it throws a `SocketAuthError`,
   * whose code is kept: `new SocketAuthError("JWKS_UNAVAILABLE")` when it could not ask the backend, which the
   * client retries.
   * @default none
   */
  checkClaims?: ClaimCheck | readonly ClaimCheck[];
  /**
   * How long after the token's `exp` a socket that has not re-authenticated is disconnected. Covers the time a
   * client needs to hand over a fresh token, and small clock differences.
   * @default 1000
   */
  expiryGraceMs?: number;
  /**
   * How many in-place re-authentications (`REAUTH_EVENT`) one socket may ask for: `burst` at once, then `perMinute`.
   * Each is a full verification (with `checkDatabase`, a call to the SuperTokens core), and a well-behaved client asks
   * once per access token. A socket that asks beyond it, or asks again while its previous hand-over is still being
   * verified, is answered `REAUTH_LIMIT` once and disconnected; its client reconnects with a fresh token (a
   * handshake, verified as any other).
   * @default { burst: 30, perMinute: 60 }
   */
  reauthLimit?: ReauthLimit;
  /**
   * How many handshakes one token may open per minute on this middleware, counted before the token is verified: one
   * token (stolen, or replayed by a broken client) cannot make the server verify without end. Beyond it the handshake
   * is refused with `HANDSHAKE_LIMIT`; the client refreshes and comes back with a fresh token, which has a budget of
   * its own.
   * @default { perMinute: 60 }
   */
  handshakeLimit?: HandshakeLimit;
  /**
   * After a token names a key the cached JWKS does not have, the JWKS is fetched again at most once per this
   * period, so a flood of made-up key ids cannot hammer the backend. A token signed with a freshly rotated key is
   * refused (`TOKEN_INVALID`) if the JWKS was fetched less than this long ago.
   * @default 30000 (jose's `cooldownDuration`)
   */
  jwksCooldownMs?: number;
  /**
   * How long a fetched JWKS is used before it is fetched again.
   * @default 600000 (jose's `cacheMaxAge`)
   */
  jwksCacheMaxAgeMs?: number;
  /**
   * How long a JWKS fetch may take before the handshake is refused with `JWKS_UNAVAILABLE`.
   * @default 5000 (jose's `timeoutDuration`)
   */
  jwksTimeoutMs?: number;
  /**
   * Receives the middleware's warnings (JWKS or core unreachable, a server option changed for safety). Messages never
   * contain a token. `null` silences them.
   * @default console
   */
  logger?: Logger | null;
  /**
   * How this node learns of sessions ended while it was cut off from Redis. With @socket.io/redis-adapter, pub/sub
   * delivers `endSession`'s disconnect only to the nodes subscribed at that moment; `endSession` and `endUserSessions`
   * also record it in Redis (a sorted set beside the adapter's channels, bounded: an hour, 100,000 entries), and each
   * node reads that record every `pollMs` and as soon as its Redis client reconnects, ending its own sockets of the
   * sessions ended while its subscriber was not listening (a node that heard the disconnect does not end a session
   * again). One read per namespace per interval; nothing is read while Redis is away. Found by
   * itself on the namespace's redis-adapter (`pubClient`); with another adapter there is nothing to read, so it is
   * off. `false` turns it off.
   * @default { pollMs: 1000 }
   */
  endedSessions?: false | { pollMs?: number };
}
