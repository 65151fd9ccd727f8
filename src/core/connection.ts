import type { ManagerOptions, Socket, SocketOptions, io as ioFunction } from "socket.io-client";

type Options = Partial<ManagerOptions & SocketOptions>;
/**
 * What the transport reads and writes on socket.io's Manager (typed private in socket.io-client). Never a field whose
 * name starts with `_`: socket.io's minified browser build renames those.
 */
export interface ManagerInside {
  opts: { query?: Record<string, unknown> | string };
  once(event: "close", fn: () => void): unknown;
  nsps: Record<string, Socket>;
  /** The engine connection, once one was made; its `readyState` is the engine's own. */
  engine?: { readyState: string; close(): void };
  socket(nsp: string, opts: Options): Socket;
}

/**
 * What the handles on one socket.io Manager share: its engine connection (one WebSocket for all their namespaces),
 * the token its handshakes carry, and whether it is reopening (a rotation by reconnect brings every namespace on it
 * back at once). Each handle keeps what is its own (its Socket, status, in-place hand-over and end), and its
 * transport reads and writes this. It decides nothing: each handle's lifecycle does.
 */
export interface Connection {
  manager: ManagerInside;
  /** The newest token a handle put on it: every CONNECT carries it, and (query mode) the next engine handshake. */
  token: string;
  /** That token's `exp` (0 for none): a lagging handle never puts back a token that expires sooner. */
  expiresAt: number;
  /** True while the engine closes for a reopen: what its namespaces' disconnects mean. */
  reopening: boolean;
  /** What tells connections apart: origin, path, how tokens travel, the session. */
  key: unknown[];
  /** Handles on it now. */
  members: number;
}

/** The connections handles may join. */
const open = new Set<Connection>();

/**
 * A Socket for `url`'s namespace, on a connection shared exactly when socket.io's `io()` would share its Manager: the
 * same origin and `path`, neither `forceNew` nor `multiplex: false`, and the namespace not opened on it before (a new
 * Socket's CONNECT racing the old one's DISCONNECT would make the server drop the whole connection); and only between
 * handles of one session (`session`: what tells sessions apart, and how their tokens travel).
 */
export function joinConnection(
  url: string,
  io: typeof ioFunction,
  options: Options,
  session: unknown[],
): { socket: Socket; connection: Connection } {
  let where: URL | undefined;
  try {
    where = new URL(url, (globalThis as { location?: Location }).location?.href);
  } catch {
    // A URL socket.io reads its own way (no scheme): such a handle shares nothing.
  }
  const nsp = where?.pathname ?? "";
  const key = [where?.origin, options.path ?? "/socket.io", ...session];
  const sharable = where?.origin !== "null" && !options.forceNew && options.multiplex !== false;
  const found = sharable ? [...open].find((c) => c.key.every((part, i) => part === key[i])) : undefined;
  if (found && !(nsp in found.manager.nsps)) {
    found.members++;
    return { socket: found.manager.socket(nsp, options), connection: found };
  }
  const socket = io(url, { ...options, forceNew: true });
  const connection: Connection = { manager: socket.io as unknown as ManagerInside, token: "", expiresAt: 0, reopening: false, key, members: 1 };
  // A second handle for a namespace opened on a shared connection gets a Manager nobody joins (as with io()).
  if (sharable && !found) open.add(connection);
  return { socket, connection };
}

/** A handle has left; the last to leave ends the sharing (the next handle gets a new Manager). */
export function leaveConnection(connection: Connection): void {
  if (--connection.members === 0) open.delete(connection);
}
