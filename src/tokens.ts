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
  /** In [0, 1), drawn from the token itself: every handle and tab holding this token agrees on its schedule. */
  jitter: number;
}

interface Claims {
  exp?: unknown;
  iat?: unknown;
  sub?: unknown;
}

/** Reads `exp`, `iat` and `sub` from a JWT's payload without verifying it (the server verifies). */
export function readToken(value: string): Token {
  let claims: Claims = {};
  try {
    const payload = value.split(".")[1] ?? "";
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(
      Array.from(atob(base64), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
    );
    claims = JSON.parse(json) as Claims;
  } catch {
    // An opaque token: no proactive schedule; rotation still follows session events and rejections.
  }
  return fromClaims(value, claims);
}

/** A token known only by its claims (cookie mode: the front token reveals them, the token stays in its cookie). */
export function fromClaims(value: string, claims: Claims): Token {
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  const iat = typeof claims.iat === "number" ? claims.iat * 1000 : undefined;
  return {
    value,
    expiresAt: exp,
    lifetimeMs: exp !== undefined && iat !== undefined && exp > iat ? exp - iat : undefined,
    userId: typeof claims.sub === "string" ? claims.sub : undefined,
    jitter: hash(value),
  };
}

/** FNV-1a of the token, as a fraction: stable for a token, spread evenly across tokens. */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

/**
 * Concurrent refreshes are merged: ten handles on one session cause one refresh. A refresh is shared only by callers
 * of the same function replacing the same token, so it belongs to one session: a handle of the next session never
 * joins a refresh that a handle of the previous one started (and whose answer was about that session).
 */
const inflight = new WeakMap<() => Promise<boolean>, Map<string, Promise<boolean>>>();

function refreshOnce(refresh: () => Promise<boolean>, replacing: string, start: () => Promise<boolean>): Promise<boolean> {
  let byToken = inflight.get(refresh);
  if (!byToken) inflight.set(refresh, (byToken = new Map()));
  const map = byToken;
  let pending = map.get(replacing);
  if (!pending) {
    const settled = start().finally(() => {
      if (map.get(replacing) === settled) map.delete(replacing);
    });
    map.set(replacing, (pending = settled));
  }
  return pending;
}

/** The session ended while the handle was alive (refresh answered "no session"). */
export class SessionEnded extends NotLoggedInError {}

/**
 * Where tokens come from, and when a token is too old to use. All token timing lives here; the lifecycle asks
 * `current()`, `fresh()` and `refreshDelay()` and decides nothing about clocks itself.
 */
export class TokenSource {
  /** Server clock minus local clock, estimated from tokens (the client clock may be off by minutes). */
  #skewMs = 0;

  readonly #fns: SessionFunctions;
  readonly #marginOption: number | undefined;
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(fns: SessionFunctions, marginOption: number | undefined, timeoutMs: number, clock: Clock) {
    this.#fns = fns;
    this.#marginOption = marginOption;
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
  }

  /** The token the session holds now, refreshing only when none is readable (to tell why). */
  async current(): Promise<Token> {
    const token = await this.#read();
    if (token !== undefined) return this.#observe(token, false);
    return this.#refreshed();
  }

  /**
   * A token that is neither `stale` (the one the server rejected, or the one in use) nor near its expiry:
   * what another handle or tab refreshed meanwhile, else a new one from a refresh.
   */
  async fresh(stale: string | undefined): Promise<Token> {
    const token = await this.#read();
    if (token !== undefined && token.value !== stale) {
      this.#observe(token, false);
      if (!this.isStale(token)) return token;
    }
    return this.#refreshed(stale);
  }

  /** True when the token is within the refresh margin of its expiry (on the server's clock). */
  isStale(token: Token): boolean {
    return token.expiresAt !== undefined && this.refreshDelay(token, false)! <= 0;
  }

  /**
   * Ms from now until the token should be replaced, or undefined when it carries no expiry. With `jitter`, up to a
   * quarter of the lifetime earlier: sessions that began together (a deploy, a classroom) drift apart instead of
   * refreshing in the same second every cycle. The spread is the token's own (see {@link Token.jitter}), so looking
   * again never moves the schedule. The margin (at most half) plus the spread leave a quarter of the lifetime between
   * two rotations at least.
   */
  refreshDelay(token: Token, jitter: boolean): number | undefined {
    if (token.expiresAt === undefined) return undefined;
    const margin = this.#margin(token);
    const spread = jitter ? token.jitter * (token.lifetimeMs ?? margin * 2) * 0.25 : 0;
    return this.expiresIn(token)! - margin - spread;
  }

  /** Ms from now until the token expires (on the server's clock), or undefined when it carries no expiry. */
  expiresIn(token: Token): number | undefined {
    return token.expiresAt === undefined ? undefined : token.expiresAt - (this.#clock.now() + this.#skewMs);
  }

  #margin(token: Token): number {
    const lifetime = token.lifetimeMs;
    if (lifetime === undefined) return this.#marginOption ?? 30_000;
    const wanted = this.#marginOption ?? Math.min(60_000, Math.max(1_000, lifetime / 5));
    // Capped at half the lifetime: a fresh token is never already "due", so rotation can never loop.
    return Math.min(wanted, lifetime / 2);
  }

  async #read(): Promise<Token | undefined> {
    return this.#call(this.#fns.read, "reading the access token");
  }

  /**
   * A session call, bounded in time: one that never answers (a hung request) fails like an outage. A failure of this
   * package's own (a setup mistake) keeps its code; anything else is the backend or the network.
   */
  async #call<T>(fn: () => Promise<T>, what: string): Promise<T> {
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.#clock.setTimeout(() => reject(new Error(`${what} took longer than ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (cause) {
      throw isAuthedSocketError(cause) ? cause : errors.refreshFailed(cause);
    } finally {
      this.#clock.clearTimeout(timer);
    }
  }

  /**
   * Refreshes, then reads. The SDK answers `true` without refreshing when the token changed while it waited for its
   * lock, and a shared refresh may have started for another handle before this one's token went stale: a token
   * equal to `stale` after a `true` gets one refresh of its own.
   */
  async #refreshed(stale?: string): Promise<Token> {
    const refresh = this.#fns.attemptRefreshingSession;
    for (let own = false; ; own = true) {
      // A handle that ended meanwhile asks the session nothing more (no stray refresh after a sign-out).
      if (!this.#fns.live()) throw new SessionEnded();
      const once = () => this.#call(refresh, "refreshing the session");
      const ok = await (own ? once() : refreshOnce(refresh, stale ?? "", once));
      if (!ok) throw new SessionEnded();
      const token = await this.#read();
      if (token === undefined) throw errors.tokenNotExposed();
      if (token.value !== stale || own) return this.#observe(token, true);
    }
  }

  /**
   * Learns the skew from a token. A token cannot be issued in the future, so an `iat` ahead of our clock means
   * our clock is behind; a token fresh from a refresh that already looks half spent means our clock is ahead.
   */
  #observe(token: Token, justRefreshed: boolean): Token {
    const { expiresAt, lifetimeMs } = token;
    if (expiresAt === undefined || lifetimeMs === undefined) return token;
    const issuedAt = expiresAt - lifetimeMs;
    const serverNow = this.#clock.now() + this.#skewMs;
    // `iat` is in whole seconds: allow one second before calling the clock wrong.
    const fromTheFuture = issuedAt > serverNow + 1_000;
    const alreadySpent = justRefreshed && expiresAt - serverNow < lifetimeMs / 2;
    if (fromTheFuture || alreadySpent) this.#skewMs = issuedAt - this.#clock.now();
    return token;
  }
}
