import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { authenticateSockets, type AuthenticateSocketsOptions } from "supertokens-socket/server";
import { guideMiddleware } from "./seedServer";

/**
 * How every namespace admits sockets:
 * - `authenticateSockets`: this package's middleware on each namespace (its own expiry timer, in-place re-auth);
 * - `guide`: as SuperTokens' guide writes it (jsonwebtoken + jwks-rsa, `handshake.query.token`), on each namespace;
 * - `open`: admits every handshake (for cookie mode, whose token travels in a cookie this side does not check).
 */
export type NamespaceStyle = "authenticateSockets" | "guide" | "open";

export interface NamespaceServerOptions {
  style: NamespaceStyle;
  jwksUri: string;
  /** The namespaces, "/" included or not. @default ["/chat", "/news"] */
  namespaces?: string[];
  /** `authenticateSockets` options of one namespace (say `checkClaims: () => false` on "/news"). */
  auth?: Record<string, Partial<AuthenticateSocketsOptions>>;
  serverOptions?: Partial<ServerOptions>;
}

/** One namespace handshake (a CONNECT packet) as it reached the namespace's middleware. */
export interface NamespaceHandshake {
  nsp: string;
  /** The engine connection (`socket.conn.id`) it came on. */
  engine: string;
  /** The token its middleware reads: the query's for the guide, else the auth payload's, else the query's. */
  token: string | undefined;
  at: number;
}

export interface NamespaceServer {
  url: string;
  io: Server;
  /** Engine connections (one per socket.io Manager that connected) made since the server started. */
  readonly enginesMade: number;
  /** Engine connections open now. */
  readonly enginesOpen: number;
  handshakes: NamespaceHandshake[];
  /** Handshakes that reached `nsp`'s middleware. */
  handshakesOf(nsp: string): NamespaceHandshake[];
  /** Sockets of `nsp` connected now. */
  sockets(nsp: string): Socket[];
  /** Every connected socket of every namespace gets `event` with a number, one per 5 ms, until `stop()`. */
  stream(event?: string): { sent(): number; stop(): void };
  close(): Promise<void>;
}

/**
 * A socket.io server on loopback with several namespaces, each behind its own middleware, that counts engine
 * connections and handshakes per namespace. Every admitted socket answers `"whoami"` (with an ack) with its
 * namespace and `socket.data`.
 */
export async function startNamespaceServer(options: NamespaceServerOptions): Promise<NamespaceServer> {
  const { style, jwksUri, namespaces = ["/chat", "/news"], auth = {}, serverOptions = {} } = options;
  const http = createServer();
  const io = new Server(http, serverOptions);
  let enginesMade = 0;
  io.engine.on("connection", () => enginesMade++);
  const handshakes: NamespaceHandshake[] = [];
  for (const name of namespaces) {
    const nsp = io.of(name);
    nsp.use((socket, next) => {
      const { query, auth: payload } = socket.handshake;
      const fromQuery = typeof query.token === "string" ? query.token : undefined;
      const token = style === "guide" ? fromQuery : ((payload as { token?: string }).token ?? fromQuery);
      handshakes.push({ nsp: name, engine: (socket.conn as unknown as { id: string }).id, token, at: Date.now() });
      next();
    });
    if (style === "authenticateSockets") nsp.use(authenticateSockets({ jwksUri, logger: null, ...auth[name] }));
    if (style === "guide") nsp.use(guideMiddleware(jwksUri, () => {}));
    nsp.on("connection", (socket) => {
      socket.on("whoami", (...args: unknown[]) => {
        const ack = args[args.length - 1];
        if (typeof ack === "function") ack({ nsp: name, ...socket.data });
      });
    });
  }
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    get enginesMade() {
      return enginesMade;
    },
    get enginesOpen() {
      return io.engine.clientsCount;
    },
    handshakes,
    handshakesOf: (nsp) => handshakes.filter((h) => h.nsp === nsp),
    sockets: (nsp) => [...io.of(nsp).sockets.values()],
    stream(event = "n") {
      let sent = 0;
      const timer = setInterval(() => {
        for (const name of namespaces) io.of(name).emit(event, sent);
        sent++;
      }, 5);
      return { sent: () => sent, stop: () => clearInterval(timer) };
    },
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
