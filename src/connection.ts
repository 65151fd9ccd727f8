import type { ManagerOptions, Socket, SocketOptions, io as ioFunction } from "socket.io-client";
import type { Token } from "./tokens";

type Options = Partial<ManagerOptions & SocketOptions>;
/**
 * What the connection reads and writes on socket.io's Manager (typed private in socket.io-client). Never a field whose
 * name starts with `_`: socket.io's minified browser build renames those.
 */
interface ManagerInside {
  opts: { query?: Record<string, unknown> | string };
  once(event: "close", fn: () => void): unknown;
  nsps: Record<string, Socket>;
  /** The engine connection, once one was made; its `readyState` is the engine's own. */
  engine?: { readyState: string; close(): void };
  socket(nsp: string, opts: Options): Socket;
}

/**
 * What the handles on one socket.io Manager share: its engine connection (one WebSocket for all their namespaces),
 * the token its handshakes carry, and its reopening for a rotation by reconnect, which brings every namespace on it
 * back at once. Each handle keeps what is its own: its Socket, status, in-place hand-over and end. It decides
 * nothing: each handle's lifecycle does.
 */
export interface Connection {
  /** The newest token a handle put on it: every CONNECT carries it, and (query mode) the next engine handshake. */
  token: string;
  /** True while the engine closes for a reopen: what its namespaces' disconnects mean. */
  reopening: boolean;
  /** Puts a token on the connection, unless it holds one that expires later (a lagging handle never puts one back). */
  offer(token: Token): void;
  /**
   * Opens `socket`'s namespace on the connection, unless a CONNECT of it is under way already: an active Socket
   * whose engine is opening or open sends one by itself (socket.io would send a second, which the server answers by
   * dropping the whole connection).
   */
  open(socket: Socket): void;
  /** Closes the engine so that it reopens, once for every namespace on it, with the token held. */
  reopen(): void;
  /** A handle has left; the last to leave ends the sharing (the next handle gets a new Manager). */
  leave(): void;
}

interface Shared {
  /** What tells connections apart: origin, path, how tokens travel, the session. */
  key: unknown[];
  manager: ManagerInside;
  connection: Connection;
  /** Handles on it now. */
  members: number;
}

/** The connections handles may join. */
const open = new Set<Shared>();

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
  queryKey: string | undefined,
  session: unknown[],
): { socket: Socket; connection: Connection } {
  let where: URL | undefined;
  try {
    where = new URL(url, (globalThis as { location?: Location }).location?.href);
  } catch {
    // A URL socket.io reads its own way (no scheme): such a handle shares nothing.
  }
  const nsp = where?.pathname ?? "";
  const key = [where?.origin, options.path ?? "/socket.io", queryKey, ...session];
  const sharable = where?.origin !== "null" && !options.forceNew && options.multiplex !== false;
  const found = sharable ? [...open].find((s) => s.key.every((part, i) => part === key[i])) : undefined;
  if (found && !(nsp in found.manager.nsps)) {
    found.members++;
    return { socket: found.manager.socket(nsp, options), connection: found.connection };
  }
  const socket = io(url, { ...options, forceNew: true });
  const shared = connect(socket.io as unknown as ManagerInside, key, queryKey);
  // A second handle for a namespace opened on a shared connection gets a Manager nobody joins (as with io()).
  if (sharable && !found) open.add(shared);
  return { socket, connection: shared.connection };
}

function connect(manager: ManagerInside, key: unknown[], queryKey: string | undefined): Shared {
  let expiresAt = 0;
  const connection: Connection = {
    token: "",
    reopening: false,
    offer(token) {
      if ((token.expiresAt ?? 0) < expiresAt) return;
      expiresAt = token.expiresAt ?? 0;
      connection.token = token.value;
      // Query mode: the Manager re-reads opts.query each time it opens a new engine connection.
      if (queryKey === undefined) return;
      const query = manager.opts.query;
      manager.opts.query = { ...(typeof query === "object" ? query : {}), [queryKey]: token.value };
    },
    open(socket) {
      const state = manager.engine?.readyState;
      if (!socket.active || !state || state === "closed") socket.connect();
    },
    reopen() {
      if (manager.engine?.readyState === "open") {
        connection.reopening = true;
        // The sockets hear the Manager's "close" first (they subscribed before): each reads the flag, then it clears.
        manager.once("close", () => (connection.reopening = false));
      }
      manager.engine?.close();
    },
    leave() {
      if (--shared.members === 0) open.delete(shared);
    },
  };
  const shared: Shared = { key, manager, connection, members: 1 };
  return shared;
}
