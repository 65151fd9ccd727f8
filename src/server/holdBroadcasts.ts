import type { AnySocket } from "./AuthenticateSocketsOptions";

/** What socket.io's adapters route every room operation through (broadcasts, disconnectSockets, joins). */
interface RoutingAdapter {
  apply(opts: { rooms: ReadonlySet<string>; except?: ReadonlySet<string> }, callback: (socket: AnySocket) => void): void;
}

interface Hold {
  socket: AnySocket;
  queue: ((socket: AnySocket) => void)[];
}

const holds = new WeakMap<object, Map<string, Hold>>();

/**
 * Connection state recovery hands a socket the broadcasts it missed up to the moment its session is restored, but
 * the adapter reaches only connected sockets, and verifying the recovered socket (skipMiddlewares: false) takes a
 * while: a broadcast, or a `disconnectSockets` (endSession), in that window would miss it. This queues what the
 * adapter routes to the socket's rooms meanwhile; `release` applies it once the socket has connected, in order,
 * before anything newer; `drop` forgets it when the socket is refused. Everything routed is queued, reads too
 * (`fetchSockets` then sees the socket late, harmlessly); a broadcast with acks replayed here gets this socket's
 * reply after its expected count was fixed, a rare edge left as it is.
 */
export function holdBroadcasts(socket: AnySocket): { release(): void; drop(): void } {
  const adapter = socket.nsp.adapter as unknown as RoutingAdapter;
  let held = holds.get(adapter);
  if (!held) {
    const forAdapter = new Map<string, Hold>();
    held = forAdapter;
    holds.set(adapter, forAdapter);
    const apply = adapter.apply;
    adapter.apply = function (this: RoutingAdapter, opts, callback) {
      settle(forAdapter);
      apply.call(this, opts, callback);
      for (const hold of forAdapter.values()) if (reaches(opts, hold.socket.rooms)) hold.queue.push(callback);
    };
  }
  const table = held;
  // Also here: in a quiet namespace, a hold whose socket never connected would otherwise stay until the next route.
  settle(table);
  const hold: Hold = { socket, queue: [] };
  table.set(socket.id, hold);
  return {
    release: () => flush(table, hold),
    drop() {
      if (table.get(socket.id) === hold) table.delete(socket.id);
    },
  };
}

/** Applies what connected sockets are owed (an earlier "connection" listener emitted to them), forgets the dead. */
function settle(table: Map<string, Hold>): void {
  for (const [id, hold] of table) {
    if (hold.socket.connected) flush(table, hold);
    else if (neverConnects(hold.socket, id)) table.delete(id);
  }
}

function flush(table: Map<string, Hold>, hold: Hold): void {
  if (table.get(hold.socket.id) !== hold) return;
  table.delete(hold.socket.id);
  for (const callback of hold.queue.splice(0)) callback(hold.socket);
}

/** Refused by a later middleware, or its connection closed: it will never connect. */
function neverConnects(socket: AnySocket, id: string): boolean {
  const preConnect = (socket.nsp as unknown as { _preConnectSockets?: Map<string, unknown> })._preConnectSockets;
  return socket.client.conn.readyState !== "open" || preConnect?.has(id) === false;
}

/** The in-memory adapter's rule: in one of `rooms` (or `rooms` is empty), and in none of `except`. */
function reaches(opts: { rooms: ReadonlySet<string>; except?: ReadonlySet<string> }, rooms: ReadonlySet<string>): boolean {
  for (const room of opts.except ?? []) if (rooms.has(room)) return false;
  if (opts.rooms.size === 0) return true;
  for (const room of opts.rooms) if (rooms.has(room)) return true;
  return false;
}
