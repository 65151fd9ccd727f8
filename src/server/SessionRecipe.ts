/*
 * The parts of supertokens-node's Session recipe (`supertokens-node/recipe/session`) this package uses, described
 * structurally: the app passes its own `Session` in, so the package neither imports supertokens-node nor depends on
 * its types. Written against supertokens-node 24; methods (not function properties), so that the SDK's richer
 * signatures fit them.
 */

/** One of the app's claim validators (e.g. `EmailVerificationClaim.validators.isVerified()`); only its `id` is read here. */
export interface SessionClaimValidatorLike {
  id: string;
}

/** The verified session supertokens-node answers (`SessionContainer`), as far as this package reads it. */
export interface SessionContainerLike {
  getUserId(): string;
  getHandle(): string;
  getAccessTokenPayload(): unknown;
}

/** Replaces or extends the app's global claim validators for sockets, as in `verifySession({ overrideGlobalClaimValidators })`. */
export type OverrideGlobalClaimValidators = (
  globalClaimValidators: SessionClaimValidatorLike[],
  session: SessionContainerLike,
  userContext: Record<string, unknown>,
) => SessionClaimValidatorLike[] | Promise<SessionClaimValidatorLike[]>;

/** The options of `getSessionWithoutRequestResponse` this package sets (a subset of `VerifySessionOptions`). */
export interface SessionVerifyOptions {
  antiCsrfCheck?: boolean;
  checkDatabase?: boolean;
  overrideGlobalClaimValidators?: OverrideGlobalClaimValidators;
}

/** The app's `supertokens-node/recipe/session` (its default export, or `import * as Session`). */
export interface SessionRecipe {
  getSessionWithoutRequestResponse(
    accessToken: string,
    antiCsrfToken?: string,
    options?: SessionVerifyOptions,
    userContext?: Record<string, unknown>,
  ): Promise<SessionContainerLike | undefined>;
  /** Asked only to tell an unreachable core from a bad token, after the SDK refused an unexpired one. */
  getJWKS(userContext?: Record<string, unknown>): Promise<{ keys: unknown[] }>;
}

/**
 * The Session recipe functions that end sessions (`RecipeInterface` in supertokens-node's
 * `recipe/session/types.ts`), as `override.functions` receives them.
 */
export interface SessionRevokeFunctions {
  revokeSession(input: { sessionHandle: string; userContext: Record<string, unknown> }): Promise<boolean>;
  revokeMultipleSessions(input: { sessionHandles: string[]; userContext: Record<string, unknown> }): Promise<string[]>;
  revokeAllSessionsForUser(input: {
    userId: string;
    revokeSessionsForLinkedAccounts: boolean;
    tenantId: string;
    revokeAcrossAllTenants?: boolean;
    userContext: Record<string, unknown>;
  }): Promise<string[]>;
}
