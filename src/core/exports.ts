// What every client entry exports as it is, whatever its SDK: the types, and the errors to tell apart.
export type { AuthedSocket, AuthedSocketSnapshot } from "./createAuthedSocket";
export type { FollowSession, SessionSocket } from "./followSession";
export type { SessionEventLike, SessionSignal } from "./signals";
export { AuthedSocketError, NotLoggedInError, isAuthedSocketError } from "./errors";
export type { AuthedSocketErrorCode } from "./errors";
export type { AuthedSocketEvents, AuthedSocketStatus, TokenEvent, UnauthenticatedEvent, UnauthenticatedReason } from "./events";
export type { AuthedSocketOptions, TokenIn } from "./options";
export type { RejectionCode } from "./protocol";
