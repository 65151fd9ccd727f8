import type { AuthedSocketError } from "./errors";

/**
 * Where a handle is in its life:
 * - `connecting`: first connection under way.
 * - `connected`: authenticated and usable.
 * - `refreshing`: getting a fresh token (the connection, if any, stays up meanwhile).
 * - `reconnecting`: opening a new connection, with a fresh token, after a rotation, a drop or a rejection.
 * - `unauthenticated`: the session is over or the server refuses it; the socket is closed. Final.
 * - `closed`: `close()` was called, the app called `socket.disconnect()`, or reconnecting gave up (`error` is then
 *   `CONNECT_FAILED`: `reconnection: false`, or `reconnectionAttempts` used up). Final.
 */
export type AuthedSocketStatus =
  | "connecting"
  | "connected"
  | "refreshing"
  | "reconnecting"
  | "unauthenticated"
  | "closed";

/**
 * Why a handle went `unauthenticated`: the user signed out (here or in another tab), the session expired or was
 * revoked, the server refused it, or the session now belongs to another user (a handle never moves between users).
 */
export type UnauthenticatedReason = "signed-out" | "session-expired" | "rejected" | "user-changed";

/** A fresh token is in use on the connection. It never carries the token itself. */
export interface TokenEvent {
  /** The token's `exp`, in ms since the epoch (server clock), when the token is a JWT. */
  expiresAt: number | undefined;
  /** True when the token was handed over on the open connection; false when the connection was re-opened with it. */
  inPlace: boolean;
}

export interface UnauthenticatedEvent {
  reason: UnauthenticatedReason;
  /** What the server or the refresh endpoint said, when there was something. */
  error?: AuthedSocketError;
}

/** The lifecycle events of a handle, as a mitt event map. */
export type AuthedSocketEvents = {
  status: AuthedSocketStatus;
  token: TokenEvent;
  unauthenticated: UnauthenticatedEvent;
  /** Non-fatal: the handle keeps trying (refresh backend down, socket server unreachable). */
  error: AuthedSocketError;
};
