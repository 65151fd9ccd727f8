import type { Issuer } from "./jwks";

/**
 * The two functions of supertokens-web-js's session recipe that the core calls, modelled with their quirks
 * (see shared notes): `getAccessToken()` refreshes only when the token has ALREADY expired and resolves
 * `undefined` when there is no session, when refreshing fails, or when the token is not exposed;
 * `attemptRefreshingSession()` resolves `false` when the session is over and throws on a backend error.
 * Tokens are real RS256 JWTs from `issuer`.
 */
export interface FakeSession {
  getAccessToken: () => Promise<string | undefined>;
  attemptRefreshingSession: () => Promise<boolean>;
  /** Starts a session for `sub` (replacing any). */
  signIn(sub?: string): Promise<string>;
  /** Ends the session locally (as the SDK's signOut does). */
  signOut(): void;
  /** Replaces the token without a refresh (as an ordinary API response can). */
  replaceToken(): Promise<string>;
  /** The token the session holds now. */
  readonly token: string | undefined;
  /** How many refreshes reached the "backend". */
  readonly refreshes: number;
  /** While set, a refresh throws this (backend 5xx or network failure). */
  failRefreshWith: Error | undefined;
  /** While true, a refresh answers 401: the session is over. */
  revoked: boolean;
  /** While false, the session exists but its token is not readable (cookie mode without exposure). */
  exposed: boolean;
  lifetimeMs: number;
  /**
   * While true (as the SDK's cross-tab lock does), concurrent refreshes share one. A test of the package's own merge
   * sets it false, so that only the package can merge them.
   */
  mergesRefreshes: boolean;
  /** The clock the SDK judges expiry by. It corrects for clock skew, so a test that skews Date.now sets this. */
  now: () => number;
}

export function fakeSession(issuer: Pick<Issuer, "sign">, { lifetimeMs = 60_000 } = {}): FakeSession {
  let token: string | undefined;
  let sub = "user-1";
  let refreshes = 0;
  let inflight: Promise<boolean> | undefined;
  const expired = () => {
    if (!token) return true;
    const { exp } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number };
    return exp * 1000 <= session.now();
  };
  const session: FakeSession = {
    failRefreshWith: undefined,
    revoked: false,
    exposed: true,
    lifetimeMs,
    mergesRefreshes: true,
    now: () => Date.now(),
    get token() {
      return token;
    },
    get refreshes() {
      return refreshes;
    },
    async signIn(user = "user-1") {
      sub = user;
      session.revoked = false;
      token = await issuer.sign({ sub, lifetimeMs: session.lifetimeMs });
      return token;
    },
    signOut() {
      token = undefined;
    },
    async replaceToken() {
      token = await issuer.sign({ sub, lifetimeMs: session.lifetimeMs });
      return token;
    },
    async getAccessToken() {
      if (!token) return undefined;
      if (expired()) {
        try {
          if (!(await session.attemptRefreshingSession())) return undefined;
        } catch {
          return undefined;
        }
      }
      return session.exposed ? token : undefined;
    },
    attemptRefreshingSession() {
      // Like the SDK's cross-tab lock: concurrent callers share one refresh (unless the test says otherwise).
      if (!session.mergesRefreshes) return refresh();
      inflight ??= refresh().finally(() => (inflight = undefined));
      return inflight;
    },
  };
  async function refresh(): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (!token) return false;
    if (session.failRefreshWith) throw session.failRefreshWith;
    if (session.revoked) {
      token = undefined;
      return false;
    }
    refreshes++;
    token = await issuer.sign({ sub, lifetimeMs: session.lifetimeMs });
    return true;
  }
  return session;
}
