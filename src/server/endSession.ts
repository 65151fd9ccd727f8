import { emitterRecord, recordEnding, recordOfAdapter } from "./endedSessionsRecord";
import { sessionRoom, userRoom } from "./rooms";
import { settleWithin } from "./settleWithin";

/**
 * Anything socket.io can list sockets of: a `Server`, a `Namespace`, `io.in(room)`.
 * @deprecated `endSession` and `endUserSessions` take a {@link RoomTarget} now; this type is kept for the code that
 * still names it.
 */
export interface SocketLister {
  fetchSockets(): Promise<readonly { data: unknown; disconnect(close?: boolean): unknown }[]>;
}

/**
 * What `endSession` and `endUserSessions` end sockets through: a socket.io `Server` or `Namespace` (through its
 * adapter, on every node), or an `Emitter` of `@socket.io/redis-emitter` or `@socket.io/redis-streams-emitter`
 * in a process that runs no socket.io server. Anything with `.in(room).disconnectSockets(close)` will do. Rooms
 * belong to a namespace: a `Server` (like an `Emitter`) reaches its main namespace `/` only, so pass
 * `io.of("/chat")` (or `emitter.of("/chat")`) for each namespace `authenticateSockets` guards.
 */
export interface RoomTarget {
  in(room: string): { disconnectSockets(close?: boolean): unknown };
}

/** A target that can also list the sockets of a room (a `Server` or a `Namespace`), so the call can count them. */
export interface CountingRoomTarget {
  in(room: string): { disconnectSockets(close?: boolean): unknown; fetchSockets(): Promise<readonly unknown[]> };
}

export interface EndSessionOptions {
  /**
   * How long the call may take to reach the cluster before it rejects with an {@link EndSessionError}; nothing is
   * ended then. With a `Server` or `Namespace`: to list the room's sockets across the cluster and record the ending
   * (the adapters' own `requestsTimeout`, 5 s, ends the listing no later than this anyway, except while the Redis
   * client waits to reconnect). With an emitter: to record and publish the ending, retried while its Redis client
   * is disconnected (a blip of the API process's connection drops nothing).
   * @default 5000
   */
  timeoutMs?: number;
}

/** Why `endSession` or `endUserSessions` could not reach the cluster. No socket was disconnected by the call. */
export class EndSessionError extends Error {
  override readonly name = "EndSessionError";
  constructor(
    message: string,
    /** `"CLUSTER_TIMEOUT"`: the nodes did not answer in time; `"REDIS_UNAVAILABLE"`: the emitter's client is not connected. */
    readonly code: "CLUSTER_TIMEOUT" | "REDIS_UNAVAILABLE",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Disconnects every socket authenticated with the session `sessionHandle` (e.g. after revoking it), on every node of
 * the cluster: the sockets are in {@link sessionRoom}, and the call costs O(sockets of that session), never a scan.
 *
 * With a `Server` or `Namespace` it resolves to how many sockets the nodes subscribed to Redis at that moment had in
 * the room: listing them needs an answer from each (it rejects with an {@link EndSessionError} when they do not
 * answer within `timeoutMs`, e.g. while Redis is unreachable, and then ends nothing: call it again). A node cut off
 * from Redis is not counted: the ending is also recorded in Redis (@socket.io/redis-adapter), and that node ends its
 * sockets of the session from the record as soon as it reconnects (see `authenticateSockets`' `endedSessions`).
 * With an emitter, which cannot count, it resolves to `undefined` once Redis has recorded and published the ending
 * (@socket.io/redis-emitter; retried while its client reconnects, within `timeoutMs`); an emitter of another shape
 * is published to blindly, and rejected at once when its client is known to be disconnected.
 *
 * The disconnect is never recoverable: connection state recovery restores nothing of the ended sockets. The
 * session's access tokens stay valid until they expire, so a client may reconnect with one: to keep a revoked
 * session out, also refuse it when verifying (`authenticateSockets({ sessionRecipe, checkDatabase: true })`, or, with
 * `jwksUri` alone, a `checkClaims` rule that asks supertokens-node whether the session exists).
 */
export function endSession(target: CountingRoomTarget, sessionHandle: string, options?: EndSessionOptions): Promise<number>;
export function endSession(target: RoomTarget, sessionHandle: string, options?: EndSessionOptions): Promise<number | undefined>;
export async function endSession(target: RoomTarget, sessionHandle: string, options: EndSessionOptions = {}): Promise<number | undefined> {
  return endRoom(target, sessionRoom(nonEmpty(sessionHandle, "endSession", "sessionHandle")), options);
}

/**
 * Disconnects every socket of the user `userId`, all sessions, on every node ({@link userRoom}); e.g. after
 * `revokeAllSessionsForUser`. Resolves and rejects as {@link endSession} does.
 */
export function endUserSessions(target: CountingRoomTarget, userId: string, options?: EndSessionOptions): Promise<number>;
export function endUserSessions(target: RoomTarget, userId: string, options?: EndSessionOptions): Promise<number | undefined>;
export async function endUserSessions(target: RoomTarget, userId: string, options: EndSessionOptions = {}): Promise<number | undefined> {
  return endRoom(target, userRoom(nonEmpty(userId, "endUserSessions", "userId")), options);
}

async function endRoom(target: RoomTarget, room: string, options: EndSessionOptions): Promise<number | undefined> {
  refuseNarrowedTarget(target);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs) || timeoutMs < 0) throw new TypeError("endSession: `timeoutMs` must be a number >= 0");
  const deadline = Date.now() + timeoutMs;
  const operator = target.in(room) as ReturnType<RoomTarget["in"]> & Partial<ReturnType<CountingRoomTarget["in"]>>;
  if (typeof operator.fetchSockets !== "function") {
    const record = emitterRecord(target);
    if (!record) {
      // An emitter of another shape: published blindly, as it always was.
      refuseDisconnectedClient(target);
      operator.disconnectSockets(true);
      return undefined;
    }
    // Recorded and published in one step (the emitter's own publish drops its promise): the nodes subscribed now
    // end the sockets at once, a node cut off from Redis finds the ending in the record when it is back.
    await recordEnding(record, room, deadline, { channel: record.requestChannel, message: disconnectRequest(room) }).catch((cause: unknown) => {
      throw new EndSessionError(`endSession: Redis was unreachable for ${timeoutMs} ms; nothing was published`, "REDIS_UNAVAILABLE", { cause });
    });
    return undefined;
  }
  // The listing is a round trip through every node subscribed to Redis: once it answers, the cluster is reachable,
  // and the disconnect that follows is one message to all nodes (it also ends sockets that joined the room since).
  // A node cut off from Redis is neither asked nor counted; it ends its sockets from the record once back.
  const sockets = await withTimeout(operator.fetchSockets(), timeoutMs);
  const record = recordOfAdapter(adapterOf(target));
  if (record) {
    await recordEnding(record, room, deadline).catch((cause: unknown) => {
      throw new EndSessionError("endSession: the ending could not be recorded in Redis (is Redis reachable?); no socket was ended", "CLUSTER_TIMEOUT", { cause });
    });
  }
  operator.disconnectSockets(true);
  return sockets.length;
}

/** A `Namespace`'s adapter, or a `Server`'s main namespace's (`io.adapter` is the Server's adapter setter). */
function adapterOf(target: RoomTarget): unknown {
  const { adapter, sockets } = target as { adapter?: unknown; sockets?: { adapter?: unknown } };
  return typeof adapter === "object" ? adapter : sockets?.adapter;
}

/** What @socket.io/redis-emitter publishes for `.in(room).disconnectSockets(true)` (REMOTE_DISCONNECT, 4). */
function disconnectRequest(room: string): string {
  return JSON.stringify({ type: 4, opts: { rooms: [room], except: [] }, close: true });
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  const answered = work.catch((cause: unknown) => {
    throw new EndSessionError("endSession: the cluster could not list the room's sockets (is Redis reachable?); no socket was ended", "CLUSTER_TIMEOUT", { cause });
  });
  return settleWithin(
    answered,
    timeoutMs,
    () => new EndSessionError(`endSession: the cluster did not answer within ${timeoutMs} ms (is Redis reachable?); no socket was ended`, "CLUSTER_TIMEOUT"),
  );
}

/** `io.in(room)` is a target too, but `.in(sessionRoom)` on it would add a room, and end the sockets of both. */
function refuseNarrowedTarget(target: RoomTarget): void {
  const rooms = (target as { rooms?: unknown }).rooms;
  if (rooms instanceof Set && rooms.size > 0) {
    throw new TypeError("endSession: pass the Server, Namespace or Emitter itself, not `.in(room)` of one (its rooms would be ended too)");
  }
}

/** An emitter publishes blindly: where its Redis client says it is disconnected, refuse rather than queue. */
function refuseDisconnectedClient(target: RoomTarget): void {
  const client = (target as { redisClient?: { isReady?: unknown; status?: unknown } }).redisClient;
  if (client === undefined || client === null) return;
  // node-redis says `isReady`; ioredis says `status`.
  const down = client.isReady === false || (typeof client.status === "string" && client.status !== "ready");
  if (down) throw new EndSessionError("endSession: the emitter's Redis client is not connected; nothing was published", "REDIS_UNAVAILABLE");
}

function nonEmpty(value: string, fn: string, name: string): string {
  if (typeof value !== "string" || value === "") throw new TypeError(`${fn}: \`${name}\` must be a non-empty string`);
  return value;
}
