/**
 * `supertokens-socket/server`: the socket.io side. Node only; needs the optional peer dependency `jose`.
 */
export { authenticateSockets, type SocketMiddleware } from "./authenticateSockets";
export type { AuthenticateSocketsOptions, VerifierChoice, ClaimCheck, Logger, AnySocket } from "./AuthenticateSocketsOptions";
export type { ReauthLimit } from "./ReauthBudget";
export type { HandshakeLimit } from "./HandshakeBudget";
export type { AuthenticatedSocketData, AccessTokenPayload } from "./AuthenticatedSocketData";
export { SocketAuthError } from "./SocketAuthError";
export {
  endSession,
  endUserSessions,
  EndSessionError,
  type RoomTarget,
  type CountingRoomTarget,
  type EndSessionOptions,
  type SocketLister,
} from "./endSession";
export { sessionRoom, userRoom } from "./rooms";
export { endSocketsOnRevoke, type EndSocketsOnRevokeOptions } from "./endSocketsOnRevoke";
export type {
  SessionRecipe,
  SessionRevokeFunctions,
  SessionContainerLike,
  SessionClaimValidatorLike,
  SessionVerifyOptions,
  OverrideGlobalClaimValidators,
} from "./SessionRecipe";
export type { RejectionCode, RejectionData } from "../core/protocol";
