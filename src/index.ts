export { createAuthedSocket } from "./createAuthedSocket";
export type { AuthedSocket, AuthedSocketSnapshot } from "./createAuthedSocket";
export { handleSessionEvent, onSessionSignal } from "./signals";
export type { SessionEventLike, SessionSignal } from "./signals";
export { AuthedSocketError, NotLoggedInError, isAuthedSocketError } from "./errors";
export type { AuthedSocketErrorCode } from "./errors";
export type { AuthedSocketEvents, AuthedSocketStatus, TokenEvent, UnauthenticatedEvent, UnauthenticatedReason } from "./events";
export type { AuthedSocketOptions, TokenIn } from "./options";
export type { RejectionCode } from "./protocol";
