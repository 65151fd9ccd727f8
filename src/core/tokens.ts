import type { Clock } from "./clock";
import { errors, isAuthedSocketError, NotLoggedInError } from "./errors";

/** Where the token source reads tokens and refreshes the session (supertokens-web-js by default). */
export interface SessionFunctions {
  /** The token the session holds, undefined when none is readable. */
  read: () => Promise<Token | undefined>;
  attemptRefreshingSession: () => Promise<boolean>;
  /** False once the handle has ended: it then starts no more session calls. */
  live: () => boolean;
}

/** A token as the handle knows it. */
export interface Token {
  /** The JWT; in cookie mode, where the page never holds the token, only an identity to tell tokens apart. */
  value: string;
  /** `exp` in ms since the epoch (server clock); undefined for a token that is not a readable JWT. */
  expiresAt: number | undefined;
  /** `exp - iat` in ms, when both are present. */
  lifetimeMs: number | undefined;
  /** The JWT's `sub`: a handle never moves from one user to another. */
  userId: string | undefined;
  /** The session it belongs to (`sessionHandle`, else `sub`): handles of one session may share a connection. */
  session: string;
  /** In [0, 1), drawn from the token itself: every handle and tab holding this token agrees on its schedule. */
  jitter: number;
}

interface Claims {
  exp?: unknown;
  iat?: unknown;
  sub?: unknown;
  sessionHandle?: unknown;
}

/** Reads `exp`, `iat` and `sub` from a JWT's payload without verifying it (the server verifies). */
export function readToken(value: string): Token {
  let claims: Claims = {};
  try {
    // base64url to base64 (atob takes it unpadded), then the bytes as UTF-8: escape() writes each byte above 0x7F as
    // %XX, which decodeURIComponent reads as UTF-8 and refuses when invalid (no payload), as a fatal TextDecoder
    // would; a leading BOM is dropped, as TextDecoder does.
    claims = JSON.parse(decodeURIComponent(escape(atob(value.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")))).replace(/^\uFEFF/, ""));
  } catch {
    // An opaque token: no proactive schedule; rotation still follows session events and rejections.
  }
  return fromClaims(value, claims);
}

const ms = (seconds: unknown) => (typeof seconds === "number" ? seconds * 1000 : undefined);

/** A token known only by its claims (cookie mode: the front token reveals them, the token stays in its cookie). */
export function fromClaims(value: string, { exp, iat, sub, sessionHandle }: Claims): Token {
  const expiresAt = ms(exp);
  const issuedAt = ms(iat);
  // The jitter: FNV-1a of the token, as a fraction: stable for a token, spread evenly across tokens.
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  const hasLifetime = expiresAt !== undefined && issuedAt !== undefined && expiresAt > issuedAt;
  return {
    value,
    expiresAt,
    lifetimeMs: hasLifetime ? expiresAt - issuedAt : undefined,
    userId: typeof sub === "string" ? sub : undefined,
    session: String(sessionHandle ?? sub),
    jitter: (hash >>> 0) / 2 ** 32,
  };
}

/**
 * Concurrent refreshes are merged: ten handles on one session cause one refresh. A refresh is shared only by callers
 * of the same function replacing the same token, so it belongs to one session: a handle of the next session never
 * joins a refresh that a handle of the previous one started (and whose answer was about that session).
 */
const inflight = new WeakMap<() => Promise<boolean>, Map<string | undefined, Promise<boolean>>>();

/**
 * Where tokens come from, and when a token is too old to use. All token timing lives here; the lifecycle asks
 * `current()`, `fresh()` and `refreshDelay()` and decides nothing about clocks itself.
 */
export interface TokenSource {
  /**
   * The token the session holds now, refreshed first when none is readable (to tell why) or when it is near its
   * expiry (`onRefresh` is called then: the handle shows it is busy).
   */
  current(onRefresh?: () => void): Promise<Token>;
  /**
   * A token that is neither `stale` (the one the server rejected, or the one in use) nor near its expiry:
   * what another handle or tab refreshed meanwhile, else a new one from a refresh.
   */
  fresh(stale: string | undefined): Promise<Token>;
  /** True when the token is within the refresh margin of its expiry (on the server's clock). */
  isStale(token: Token): boolean;
  /**
   * Ms from now until the token should be replaced, or undefined when it carries no expiry. With `jitter`, up to a
   * quarter of the lifetime earlier: sessions that began together (a deploy, a classroom) drift apart instead of
   * refreshing in the same second every cycle. The spread is the token's own (see {@link Token.jitter}), so looking
   * again never moves the schedule. The margin (at most half) plus the spread leave a quarter of the lifetime between
   * two rotations at least.
   */
  refreshDelay(token: Token, jitter: boolean): number | undefined;
  /** Ms from now until the token expires (on the server's clock), or undefined when it carries no expiry. */
  expiresIn(token: Token): number | undefined;
}

export function tokenSource(fns: SessionFunctions, marginOption: number | undefined, timeoutMs: number, clock: Clock): TokenSource {
  /** Server clock minus local clock, estimated from tokens (the client clock may be off by minutes). */
  let skewMs = 0;
  const serverNow = () => clock.now() + skewMs;

  /**
   * A session call, bounded in time: one that never answers (a hung request) fails like an outage. A failure of this
   * package's own (a setup mistake) keeps its code; anything else is the backend or the network.
   */
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    let timer: unknown;
    try {
      return await new Promise<T>((resolve, reject) => {
        timer = clock.setTimeout(() => reject(new Error(`no answer in sessionTimeoutMs (${timeoutMs})`)), timeoutMs);
        fn().then(resolve, reject);
      });
    } catch (cause) {
      throw isAuthedSocketError(cause) ? cause : errors.refreshFailed(cause);
    } finally {
      clock.clearTimeout(timer);
    }
  };
  const read = () => call(fns.read);

  /**
   * Learns the skew from a token. A token cannot be issued in the future, so an `iat` ahead of our clock means
   * our clock is behind; a token fresh from a refresh that already looks half spent means our clock is ahead.
   * A token without a lifetime teaches nothing.
   */
  const observe = (token: Token, justRefreshed?: boolean): Token => {
    const { expiresAt, lifetimeMs } = token;
    if (expiresAt === undefined || lifetimeMs === undefined) return token;
    const issuedAt = expiresAt - lifetimeMs;
    const now = serverNow();
    // `iat` is in whole seconds: allow one second before calling the clock wrong.
    if (issuedAt > now + 1_000 || (justRefreshed && expiresAt - now < lifetimeMs / 2)) skewMs = issuedAt - clock.now();
    return token;
  };

  /**
   * Refreshes, then reads. The SDK answers `true` without refreshing when the token changed while it waited for its
   * lock, and a shared refresh may have started for another handle before this one's token went stale: a token
   * equal to `stale` after a `true` gets one refresh of its own (`own`).
   */
  const refreshed = async (stale?: string, own?: boolean): Promise<Token> => {
    // A handle that ended meanwhile asks the session nothing more (no stray refresh after a sign-out).
    if (!fns.live()) throw new NotLoggedInError();
    const fn = fns.attemptRefreshingSession;
    const start = () => call(fn);
    let shared = inflight.get(fn);
    if (!shared) inflight.set(fn, (shared = new Map()));
    let pending = own ? start() : shared.get(stale);
    // Only the refresh that is there can settle under `stale`: no other is set meanwhile.
    if (!pending) shared.set(stale, (pending = start().finally(() => shared.delete(stale))));
    if (!(await pending)) throw new NotLoggedInError();
    const token = await read();
    if (!token) throw errors.tokenNotExposed();
    return token.value !== stale || own ? observe(token, true) : refreshed(stale, true);
  };

  const refreshDelay = (token: Token, jitter: boolean) => {
    const { expiresAt, lifetimeMs: lifetime } = token;
    if (expiresAt === undefined) return undefined;
    // Capped at half the lifetime: a fresh token is never already "due", so rotation can never loop.
    // A lifetime is never 0 (exp > iat).
    const margin = lifetime
      ? Math.min(marginOption ?? Math.min(60_000, Math.max(1_000, lifetime / 5)), lifetime / 2)
      : (marginOption ?? 30_000);
    return expiresAt - serverNow() - margin - (jitter ? (token.jitter * (lifetime ?? margin * 2)) / 4 : 0);
  };
  const isStale = (token: Token) => {
    const delay = refreshDelay(token, false);
    return delay !== undefined && delay <= 0;
  };

  const fresh = async (stale: string | undefined) => {
    const token = await read();
    return token && token.value !== stale && !isStale(observe(token)) ? token : refreshed(stale);
  };

  return {
    async current(onRefresh) {
      const token = await read();
      if (!token) return refreshed();
      if (!isStale(observe(token))) return token;
      onRefresh?.();
      return fresh(token.value);
    },
    fresh,
    isStale,
    refreshDelay,
    expiresIn: (token) => (token.expiresAt === undefined ? undefined : token.expiresAt - serverNow()),
  };
}
