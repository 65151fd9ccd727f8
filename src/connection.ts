import type { ManagerOptions, Socket, SocketOptions, io as ioFunction } from "socket.io-client";
import type { Token } from "./tokens";

type Options = Partial<ManagerOptions & SocketOptions>;
/** What socket.io keeps on its Manager that the connection reads and writes (typed private in socket.io-client). */
interface ManagerInside {
  opts: { query?: Record<string, unknown> | string };
  _readyState: string;
  once(event: "close", fn: () => void): unknown;
  nsps: Record<string, Socket>;
  engine?: { close(): void };
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
  readonly token: string;
  /** Puts a token on the connection, unless it holds a newer one (a handle lagging behind never puts an older back). */
  offer(token: Token): void;
  /**
   * Opens `socket`'s namespace on the connection, unless a CONNECT of it is under way already: an active Socket
   * whose engine is opening or open sends one by itself (socket.io would send a second, which the server refuses
   * by dropping the whole connection).
   */
  open(socket: Socket): void;
  /** Closes the engine so that it reopens, once for every namespace on it, with the token held. */
  reopen(): void;
  /** True while the engine closes for a reopen: what its namespaces' disconnects mean. */
  readonly reopening: boolean;
  /** A handle has left; the last to leave ends the sharing (the next handle gets a new Manager). */
  leave(): void;
}

export interface Joined {
  socket: Socket;
  connection: Connection;
}

/** The connections handles may join: what tells them apart (origin, path, session...), and the connection. */
const open = new Set<{ key: unknown[]; shared: ReturnType<typeof connection> }>();

/**
 * A Socket for `url`'s namespace, on a connection shared exactly when socket.io's `io()` would share its Manager: the
 * same origin and `path`, no `forceNew` (nor `multiplex: false`), and the namespace not opened on it before; and only
 * between handles of one session (`session`: what tells sessions apart: their functions, the session's handle).
 */
export function joinConnection(
  url: string,
  io: typeof ioFunction,
  options: Options,
  queryKey: string | undefined,
  session: unknown[],
): Joined {
  let where: URL | undefined;
  try {
    where = new URL(url, (globalThis as { location?: Location }).location?.href);
  } catch {
    // A URL socket.io reads its own way (no scheme): such a handle shares nothing.
  }
  const nsp = where?.pathname ?? "";
  const key = [where?.origin, options.path ?? "/socket.io", queryKey, ...session];
  const sharable = /^(http|ws)s?:$/.test(where?.protocol ?? "") && !options.forceNew && options.multiplex !== false;
  const found = sharable ? [...open].find((c) => c.key.every((part, i) => part === key[i])) : undefined;
  if (found && !found.shared.has(nsp)) return found.shared.join(nsp, options);
  const socket = io(url, { ...options, forceNew: true });
  // A second handle for a namespace opened on it gets a Manager of its own, which nobody joins (as io() does).
  const entry = { key, shared: connection(socket.io as unknown as ManagerInside, queryKey, () => open.delete(entry)) };
  if (sharable && !found) open.add(entry);
  return entry.shared.join(nsp, options, socket);
}

function connection(manager: ManagerInside, tokenKey: string | undefined, forget: () => void) {
  let members = 0;
  let held: Token | undefined;
  let reopening = false;
  const shared: Connection = {
    get token() {
      return held?.value ?? "";
    },
    offer(token) {
      const exp = token.expiresAt ?? 0;
      if (held && (exp < (held.expiresAt ?? 0) || (exp === held.expiresAt && token.n < held.n))) return;
      held = token;
      // Query mode: the Manager re-reads opts.query each time it opens a new engine connection.
      if (tokenKey === undefined) return;
      const query = manager.opts.query;
      manager.opts.query = { ...(typeof query === "object" ? query : {}), [tokenKey]: token.value };
    },
    open(socket) {
      if (!socket.active || manager._readyState === "closed") socket.connect();
    },
    get reopening() {
      return reopening;
    },
    reopen() {
      if (manager._readyState === "open") {
        reopening = true;
        // The sockets hear the Manager's "close" first (they subscribed before): each reads the flag, then it clears.
        manager.once("close", () => (reopening = false));
      }
      manager.engine?.close();
    },
    leave() {
      if (--members === 0) forget();
    },
  };
  return {
    // Once opened on it, a namespace is never offered again (as io() does): a new Socket's CONNECT racing the old
    // one's DISCONNECT would make the server drop the whole connection.
    has: (nsp: string) => nsp in manager.nsps,
    join(nsp: string, options: Options, socket = manager.socket(nsp, options)): Joined {
      members++;
      return { socket, connection: shared };
    },
  };
}
