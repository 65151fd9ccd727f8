import type { AnySocket, ClaimCheck, Logger } from "./AuthenticateSocketsOptions";
import { describeError } from "./describeError";
import { SocketAuthError } from "./SocketAuthError";
import type { TokenVerifier } from "./TokenVerifier";

/** The built-in claim checks the options ask for, as {@link ClaimCheck}s. */
export function builtInClaimChecks(options: { requireEmailVerified?: boolean; requireRoles?: readonly string[] }): ClaimCheck[] {
  const checks: ClaimCheck[] = [];
  if (options.requireEmailVerified) checks.push((payload) => payload["st-ev"]?.v === true);
  const roles = options.requireRoles ?? [];
  if (roles.length > 0) {
    checks.push((payload) => {
      const held = payload["st-role"]?.v;
      return Array.isArray(held) && roles.every((role) => held.includes(role));
    });
  }
  return checks;
}

/**
 * The verifier followed by the app's claim checks, in order, on the payload it verified: whichever verifier
 * (JWKS or supertokens-node) stands behind, the same rules apply to handshakes and re-authentications.
 */
export function withClaimChecks(verify: TokenVerifier, checks: readonly ClaimCheck[], logger: Logger | null): TokenVerifier {
  if (checks.length === 0) return verify;
  return async (token, socket: AnySocket) => {
    const session = await verify(token, socket);
    for (const check of checks) {
      let ok: boolean;
      try {
        ok = (await check(session.payload, socket)) === true;
      } catch (error) {
        // A rule's own refusal keeps its code: JWKS_UNAVAILABLE (it could not ask the backend) is retried, where
        // CLAIM_INVALID would stop the client for good.
        if (error instanceof SocketAuthError) throw error;
        // Any other throw refuses: failing open would let a bug grant access.
        logger?.warn(`supertokens-socket: a claim check threw (${describeError(error)}); the socket is refused.`);
        ok = false;
      }
      if (!ok) throw new SocketAuthError("CLAIM_INVALID");
    }
    return session;
  };
}
