import type { AccessTokenPayload } from "./AuthenticatedSocketData";
import type { Logger } from "./AuthenticateSocketsOptions";
import { describeError } from "./describeError";
import type { OverrideGlobalClaimValidators, SessionRecipe, SessionVerifyOptions } from "./SessionRecipe";
import { SocketAuthError } from "./SocketAuthError";
import type { TokenVerifier } from "./TokenVerifier";

/** The settings of `authenticateSockets` that verification through supertokens-node needs, defaults applied. */
export interface SessionVerifierSettings {
  sessionRecipe: SessionRecipe;
  checkDatabase: boolean;
  overrideGlobalClaimValidators: OverrideGlobalClaimValidators | undefined;
  maxTokenLength: number;
  logger: Logger | null;
}

/** How long one answer to "is the core reachable?" stands, so a flood of bad tokens costs at most one probe per period. */
const PROBE_PERIOD_MS = 1000;

/**
 * Verifies access tokens as the app's own REST API does, with `Session.getSessionWithoutRequestResponse`: the JWKS,
 * expiry, the app's global claim validators (or `overrideGlobalClaimValidators`), and with `checkDatabase` the
 * core's word that the session still exists. The anti-CSRF check is off: a WebSocket handshake cannot carry the
 * anti-CSRF token, and for cookie-borne tokens the `Origin` allow-list stands in for it.
 */
export function createSessionVerifier(settings: SessionVerifierSettings): TokenVerifier {
  const options: SessionVerifyOptions = {
    antiCsrfCheck: false,
    checkDatabase: settings.checkDatabase,
    ...(settings.overrideGlobalClaimValidators && { overrideGlobalClaimValidators: settings.overrideGlobalClaimValidators }),
  };
  const coreReachable = reachabilityProbe(settings.sessionRecipe);
  let coreFailing = false;

  const unavailable = (error: unknown): SocketAuthError => {
    // Warn once per outage, not once per handshake.
    if (!coreFailing) settings.logger?.warn(`supertokens-socket: supertokens-node could not verify a session (${describeError(error)}).`);
    coreFailing = true;
    return new SocketAuthError("JWKS_UNAVAILABLE", { cause: error });
  };

  async function rejection(error: unknown, token: string): Promise<SocketAuthError> {
    const type = sessionErrorType(error);
    // Not the SDK's verdict on the token: the core (or a claim's fetchValue) failed. Never a verdict against the user.
    if (type === undefined) return unavailable(error);
    if (type === "INVALID_CLAIMS") return new SocketAuthError("CLAIM_INVALID", { cause: error, claims: failedClaimIds(error) });
    if (type !== "TRY_REFRESH_TOKEN") return new SocketAuthError("TOKEN_INVALID", { cause: error });
    // The SDK says "try refresh" for an expired token, a bad signature and keys it could not fetch alike.
    if (!isUnexpired(token)) return new SocketAuthError("TOKEN_EXPIRED", { cause: error });
    // Unexpired: the keys were out of reach only if the core is (the SDK's error does not say); else the signature
    // or key is wrong (forged, another core's, a key type the backend no longer uses), as the jose path says too.
    if (await coreReachable()) return new SocketAuthError("TOKEN_INVALID", { cause: error });
    return unavailable(error);
  }

  return async (token) => {
    if (token.length > settings.maxTokenLength) throw new SocketAuthError("TOKEN_INVALID");
    let session: Awaited<ReturnType<SessionRecipe["getSessionWithoutRequestResponse"]>>;
    try {
      session = await settings.sessionRecipe.getSessionWithoutRequestResponse(token, undefined, options);
    } catch (error) {
      throw await rejection(error, token);
    }
    // With sessionRequired left on, the SDK answers a session or throws; anything else is refused.
    if (session === undefined) throw new SocketAuthError("TOKEN_INVALID");
    coreFailing = false;
    // The token as presented (the SDK checked its signature): socket.data describes the token the client holds,
    // as with `jwksUri`. The first use after a refresh makes the core issue a replacement this client never
    // receives, and claims the validators refetched reach the client with its next token.
    const payload = payloadOf(token) as AccessTokenPayload;
    return { userId: session.getUserId(), sessionHandle: session.getHandle(), payload, expiresAt: expOf(payload) * 1000 };
  };
}

/** The `type` of a supertokens-node Session error (`Session.Error`), or undefined for any other error. */
function sessionErrorType(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { fromRecipe, type } = error as { fromRecipe?: unknown; type?: unknown };
  return fromRecipe === "session" && typeof type === "string" ? type : undefined;
}

/** The ids of the failed claims of an `INVALID_CLAIMS` error (its payload lists `{ id, reason }`); reasons stay here. */
function failedClaimIds(error: unknown): string[] {
  const payload = (error as { payload?: unknown }).payload;
  if (!Array.isArray(payload)) return [];
  return payload.flatMap((failure: unknown) => {
    const id = typeof failure === "object" && failure !== null ? (failure as { id?: unknown }).id : undefined;
    return typeof id === "string" ? [id] : [];
  });
}

/** A token's payload, unverified (plain JSON: socket.data crosses nodes); `{}` when it cannot be read. */
function payloadOf(token: string): Record<string, unknown> {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The `exp` (seconds) a payload claims; 0 when it has none. */
function expOf({ exp }: Record<string, unknown>): number {
  return typeof exp === "number" ? exp : 0;
}

function isUnexpired(token: string): boolean {
  return expOf(payloadOf(token)) * 1000 > Date.now();
}

/** "Can the SDK reach the core's JWKS?", asked at most once per {@link PROBE_PERIOD_MS}, answers shared. */
function reachabilityProbe(recipe: SessionRecipe): () => Promise<boolean> {
  let last: { at: number; answer: Promise<boolean> } | undefined;
  return () => {
    if (last === undefined || Date.now() - last.at >= PROBE_PERIOD_MS) {
      last = { at: Date.now(), answer: recipe.getJWKS().then(() => true, () => false) };
    }
    return last.answer;
  };
}
