import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { AccessTokenPayload } from "./AuthenticatedSocketData";
import type { Logger } from "./AuthenticateSocketsOptions";
import { describeError as describe, errorCode as codeOf } from "./describeError";
import { SocketAuthError } from "./SocketAuthError";
import type { TokenVerifier } from "./TokenVerifier";

/** The settings of `authenticateSockets` that verification needs, defaults applied. */
export interface VerifierSettings {
  jwksUri: URL;
  issuer: string | string[] | undefined;
  maxTokenLength: number;
  jwksCooldownMs: number;
  jwksCacheMaxAgeMs: number;
  jwksTimeoutMs: number;
  logger: Logger | null;
}

/** Marks a failure of the key lookup itself (endpoint down, garbage JWKS), as opposed to a bad token. */
class JwksFailure extends Error {}

/** Key-lookup failures that are the token's fault: its `kid` names no key (or no single key) in the JWKS. */
const TOKEN_KEY_ERRORS = new Set(["ERR_JWKS_NO_MATCHING_KEY", "ERR_JWKS_MULTIPLE_MATCHING_KEYS"]);

/**
 * Verifies SuperTokens access tokens against a remote JWKS (RS256 only; jose caches the keys and refetches on an
 * unknown `kid` at most once per cooldown): signature, `exp`, and the optional `iss`.
 */
export function createTokenVerifier(settings: VerifierSettings): TokenVerifier {
  const jwks = createRemoteJWKSet(settings.jwksUri, {
    cooldownDuration: settings.jwksCooldownMs,
    cacheMaxAge: settings.jwksCacheMaxAgeMs,
    timeoutDuration: settings.jwksTimeoutMs,
  });
  let jwksFailing = false;
  const getKey: JWTVerifyGetKey = async (header, token) => {
    // A kid missing while the JWKS cools down may be a key the backend just rotated in: the set was not looked at
    // again, so the client is told to retry later, not that its token is bad (which would end its session).
    const couldNotLook = jwks.coolingDown;
    try {
      const key = await jwks(header, token);
      jwksFailing = false;
      return key;
    } catch (error) {
      if (couldNotLook && codeOf(error) === "ERR_JWKS_NO_MATCHING_KEY") throw new JwksFailure("JWKS cooling down", { cause: error });
      if (TOKEN_KEY_ERRORS.has(codeOf(error))) throw error;
      // Warn once per outage, not once per handshake.
      if (!jwksFailing) settings.logger?.warn(`supertokens-socket: the JWKS could not be fetched or used (${describe(error)}).`);
      jwksFailing = true;
      throw new JwksFailure("JWKS unavailable", { cause: error });
    }
  };

  return async (token) => {
    if (token.length > settings.maxTokenLength) throw new SocketAuthError("TOKEN_INVALID");
    let payload: AccessTokenPayload;
    try {
      const verified = await jwtVerify(token, getKey, {
        algorithms: ["RS256"],
        requiredClaims: ["exp", "sub"],
        ...(settings.issuer === undefined ? {} : { issuer: settings.issuer }),
      });
      payload = verified.payload as AccessTokenPayload;
    } catch (error) {
      if (error instanceof JwksFailure) throw new SocketAuthError("JWKS_UNAVAILABLE", { cause: error.cause });
      throw new SocketAuthError(codeOf(error) === "ERR_JWT_EXPIRED" ? "TOKEN_EXPIRED" : "TOKEN_INVALID", { cause: error });
    }
    // Every SuperTokens access token has these; a signed token without them was not made for us.
    if (typeof payload.sub !== "string" || payload.sub === "" || typeof payload.sessionHandle !== "string") {
      throw new SocketAuthError("TOKEN_INVALID");
    }
    return { userId: payload.sub, sessionHandle: payload.sessionHandle, payload, expiresAt: payload.exp * 1000 };
  };
}
