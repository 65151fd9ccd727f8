import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type DefaultEventsMap, type ServerOptions, type Socket } from "socket.io";
import { io as connectClient, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from "socket.io-client";
import { authenticateSockets, type AuthenticatedSocketData } from "supertokens-socket/server";

export interface AuthServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  io: Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, AuthenticatedSocketData>;
  /** Server-side sockets, in the order they connected. */
  connected: Socket[];
  close(): Promise<void>;
}

/**
 * A socket.io server on loopback (port 0) behind `authenticateSockets`. Every connected socket answers
 * `"whoami"` (with an ack) with its `socket.data`. `logger` defaults to `null` so tests stay quiet; pass one to
 * see warnings.
 */
export async function startAuthServer(
  auth: Parameters<typeof authenticateSockets>[0],
  serverOptions: Partial<ServerOptions> = {},
  port = 0,
): Promise<AuthServer> {
  const http = createServer();
  const io: AuthServer["io"] = new Server(http, serverOptions);
  io.use(authenticateSockets({ logger: null, ...auth }));
  const connected: Socket[] = [];
  io.on("connection", (socket) => {
    connected.push(socket);
    socket.on("whoami", (...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack === "function") ack(socket.data);
    });
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const address = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    io,
    connected,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** A socket.io-client socket for tests: its own connection, WebSocket only, no reconnection unless asked. */
export function openClient(url: string, options: ClientOptions = {}): ClientSocket {
  return connectClient(url, { forceNew: true, transports: ["websocket"], reconnection: false, ...options });
}

export type ConnectOutcome =
  | { connected: true }
  | { connected: false; message: string; data: unknown };

/** How the socket's next connection attempt ends: connected, or refused with the server's error. */
export function nextOutcome(socket: ClientSocket, timeoutMs = 5000): Promise<ConnectOutcome> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("connect_error", onError);
    };
    const onConnect = () => {
      done();
      resolve({ connected: true });
    };
    const onError = (error: Error & { data?: unknown }) => {
      done();
      resolve({ connected: false, message: error.message, data: error.data });
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no connect or connect_error within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("connect", onConnect);
    socket.on("connect_error", onError);
  });
}

/** Anything with `once`/`off`: a client or server socket, an EventEmitter (`any`: socket.io's typed listeners take specific arguments). */
type Listenable = { once(event: string, listener: (...args: any[]) => void): unknown; off(event: string, listener: (...args: any[]) => void): unknown };

/** Resolves with the arguments of the next `event` on `emitter`, or rejects after `timeoutMs`. */
export function nextEvent<T extends unknown[] = unknown[]>(
  emitter: Listenable,
  event: string,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as unknown as T);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.once(event, listener);
  });
}
