/** The prefix of every room this package manages; an app's own rooms should not start with it. */
const ROOM_PREFIX = "supertokens-socket:";

const SESSION_PREFIX = `${ROOM_PREFIX}session:`;
const USER_PREFIX = `${ROOM_PREFIX}user:`;

/**
 * The room every socket authenticated with the session `sessionHandle` is in, on every node of the cluster:
 * `io.to(sessionRoom(handle)).emit(...)` reaches them, `endSession` ends them.
 */
export function sessionRoom(sessionHandle: string): string {
  return SESSION_PREFIX + sessionHandle;
}

/** The room every socket of the user `userId` is in (all of that user's sessions), on every node of the cluster. */
export function userRoom(userId: string): string {
  return USER_PREFIX + userId;
}

/** The part of a socket.io `Socket` that rooms are joined through. */
interface RoomMember {
  readonly rooms: ReadonlySet<string>;
  join(room: string): unknown;
  leave(room: string): unknown;
}

/**
 * Puts the socket in the rooms of the session it has just proved, and in none of ours for anything else: a socket
 * that changed session, or that connection state recovery came back with the rooms of its previous connection,
 * keeps only the rooms its current token proves. The app's own rooms are left alone.
 */
export function joinSessionRooms(socket: RoomMember, session: { userId: string; sessionHandle: string }): void {
  const keep = new Set([sessionRoom(session.sessionHandle), userRoom(session.userId)]);
  for (const room of [...socket.rooms]) if (room.startsWith(ROOM_PREFIX) && !keep.has(room)) socket.leave(room);
  for (const room of keep) if (!socket.rooms.has(room)) socket.join(room);
}
