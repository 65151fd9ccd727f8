import { existsSync, readdirSync } from "node:fs";
import { createServer, request, type Server as HttpServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { API_BASE_PATH, createBackend, type BackendOptions, type TokenTransferMethod } from "./backend";
import { startCore, type Core } from "./core/startCore";
import { createSocketServer, type ChatServer, type SocketServerOptions } from "./socketServer";

export interface StackOptions {
  /** @default 20_000 */
  accessTokenLifetimeMs?: number;
  /** @default 8_640_000_000 (100 days, the core's default) */
  refreshTokenLifetimeMs?: number;
  /** @default "any" (the frontend SDK's choice; supertokens-web-js defaults to cookies) */
  tokenTransferMethod?: TokenTransferMethod;
  /** Cookie-based auth also exposes the access token to page scripts. @default true */
  exposeAccessToken?: boolean;
  /**
   * The page's origin, allowed by CORS.
   * @default the backend's own origin with `servePage`, else "http://localhost:3000" (vitest's jsdom URL)
   */
  websiteDomain?: string;
  /** Port of the backend. @default 0 */
  port?: number;
  /**
   * The host name of {@link Stack.apiDomain}, e.g. `"localhost"` for a page opened at `http://localhost:<port>`. The
   * servers listen on 127.0.0.1 whatever it is.
   * @default "127.0.0.1"
   */
  hostname?: string;
  /**
   * Also serve the demo page (`demo/public/`) and the scripts it loads (see {@link demoPageFiles}) from the backend's
   * own origin: page, `/auth` API and socket.io on one port. Needs `npm run build` (the UMD build) first. Or these
   * files instead (a test's own page), in the form of {@link demoPageFiles}.
   * @default false
   */
  servePage?: boolean | StaticFiles;
  /**
   * Left out, the socket server shares the backend's HTTP server (the "API's own hostname" case: the frontend SDK
   * intercepts its long-polling requests). A number (0 for any) puts it on its own port.
   */
  socketPort?: number;
  /**
   * A real SuperTokens core instead of the emulator. Then {@link Stack.core} throws: nothing can be counted or
   * made to fail.
   * @default process.env.SUPERTOKENS_CONNECTION_URI, else the emulator
   */
  connectionURI?: string;
  /** The real core's API key. @default process.env.SUPERTOKENS_API_KEY */
  apiKey?: string;
  /** The socket server's socket.io adapter (`npm run demo:cluster` passes @socket.io/redis-adapter's). @default in memory */
  socketAdapter?: SocketServerOptions["adapter"];
}

export interface Stack {
  /** `http://<hostname>:<port>`: the frontend SDK's `apiDomain` (its `apiBasePath` is `"/auth"`); the page's too with `servePage`. */
  apiDomain: string;
  /** Where socket.io-client connects: the `apiDomain`, or the separate socket server's URL. */
  socketUrl: string;
  /** `http://127.0.0.1:<port>/auth/jwt/jwks.json`, the backend's (the socket server verifies through supertokens-node). */
  jwksUri: string;
  websiteDomain: string;
  /** The emulated core: call counts, `failRefresh`, `failJwks`, key rotation. Throws when a real core is used. */
  readonly core: Core;
  /** The socket.io server (the chat). */
  io: ChatServer;
  /** The backend's HTTP server: tests watch (and may hold) the requests it gets, see test/support/watchServers.ts. */
  apiServer: HttpServer;
  /** Revokes a session through the backend's `POST /admin/revoke`, which also disconnects its sockets. */
  revoke(sessionHandle: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Static files to serve: everything under `dir` at `/`, plus each of `files` at its URL path. */
export type StaticFiles = NonNullable<BackendOptions["staticFiles"]>;

let running = false;

async function listen(server: HttpServer, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    // Keep-alive connections (the SDK's fetches, the backend's to the core) would hold close() for seconds.
    server.closeAllConnections();
  });
}

function postJson(url: string, body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        if (res.statusCode !== 200) reject(new Error(`POST ${new URL(url).pathname} answered ${res.statusCode}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString()));
      });
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/**
 * What `servePage` serves: `demo/public/` at `/`, and by URL path the scripts the page loads, as a user's page would
 * load them: socket.io's browser bundle, supertokens-web-js's script bundles (the session recipe needs `website`, the
 * shared runtime, then `supertokens` and `session`; their file names carry a content hash, served here under stable
 * names) and this package's UMD build from `dist/`.
 */
export function demoPageFiles(): Required<StaticFiles> {
  const require = createRequire(import.meta.url);
  const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const bundles = join(packageDir("supertokens-web-js"), "bundle");
  const bundle = (chunk: string) => {
    const file = readdirSync(bundles).find((name) => name.startsWith(`${chunk}.`) && name.endsWith(".js"));
    if (!file) throw new Error(`supertokens-web-js has no bundle/${chunk}.*.js`);
    return join(bundles, file);
  };
  const socketIo = join(packageDir("socket.io-client"), "dist");
  const umd = fileURLToPath(new URL("../dist/supertokens-socket.umd.min.js", import.meta.url));
  if (!existsSync(umd)) {
    throw new Error("dist/supertokens-socket.umd.min.js is missing: run `npm run build` first (`npm run demo` does).");
  }
  return {
    dir: fileURLToPath(new URL("./public", import.meta.url)),
    files: {
      "/vendor/socket.io.min.js": join(socketIo, "socket.io.min.js"),
      "/vendor/socket.io.min.js.map": join(socketIo, "socket.io.min.js.map"),
      "/vendor/supertokens-web-js/website.js": bundle("website"),
      "/vendor/supertokens-web-js/supertokens.js": bundle("supertokens"),
      "/vendor/supertokens-web-js/session.js": bundle("session"),
      "/vendor/supertokens-socket.umd.min.js": umd,
      "/vendor/supertokens-socket.umd.min.js.map": `${umd}.map`,
    },
  };
}

/** The backend and the socket server, listening. */
async function startServers(
  apiServer: HttpServer,
  socketServer: HttpServer,
  options: StackOptions,
  connectionURI: string,
) {
  const staticFiles = options.servePage === true ? demoPageFiles() : options.servePage || undefined;
  const local = await listen(apiServer, options.port ?? 0);
  const apiDomain = options.hostname === undefined ? local : `http://${options.hostname}:${new URL(local).port}`;
  const websiteDomain = options.websiteDomain ?? (options.servePage ? apiDomain : "http://localhost:3000");
  const io = createSocketServer({ websiteDomain, ...(options.socketAdapter && { adapter: options.socketAdapter }) });
  const backend = createBackend({
    sockets: io,
    apiDomain,
    websiteDomain,
    connectionURI,
    ...(staticFiles && { staticFiles }),
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(options.tokenTransferMethod !== undefined && { tokenTransferMethod: options.tokenTransferMethod }),
    ...(options.exposeAccessToken !== undefined && { exposeAccessToken: options.exposeAccessToken }),
  });
  // Before socket.io attaches: it wraps the request listeners already there and passes on what is not its own.
  apiServer.on("request", backend.app);
  const socketUrl = socketServer === apiServer ? apiDomain : await listen(socketServer, options.socketPort ?? 0);
  io.attach(socketServer);
  const jwksUri = `${local}${API_BASE_PATH}/jwt/jwks.json`;
  return { apiDomain, local, socketUrl, jwksUri, websiteDomain, io };
}

/**
 * Starts the whole real stack on loopback: the emulated core, the supertokens-node backend and the socket server.
 * One at a time per process: supertokens-node's configuration is process-wide (see demo/initSuperTokens.ts).
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (running) {
    throw new Error("A stack is already running in this process: close it first (supertokens-node is configured process-wide).");
  }
  running = true;
  const connectionURI = options.connectionURI ?? process.env.SUPERTOKENS_CONNECTION_URI;
  const apiKey = options.apiKey ?? process.env.SUPERTOKENS_API_KEY;
  const apiServer = createServer();
  const socketServer = options.socketPort === undefined ? apiServer : createServer();
  let core: Core | undefined;
  let servers: Awaited<ReturnType<typeof startServers>>;
  try {
    if (!connectionURI) {
      core = await startCore({
        accessTokenLifetimeMs: options.accessTokenLifetimeMs ?? 20_000,
        ...(options.refreshTokenLifetimeMs !== undefined && { refreshTokenLifetimeMs: options.refreshTokenLifetimeMs }),
      });
    }
    servers = await startServers(apiServer, socketServer, { ...options, apiKey }, connectionURI ?? core!.url);
  } catch (error) {
    await Promise.all([close(apiServer), close(socketServer), core?.close()]);
    running = false;
    throw error;
  }

  const { local, ...publicServers } = servers;
  return {
    ...publicServers,
    apiServer,
    get core() {
      if (!core) throw new Error("This stack runs against a real SuperTokens core: there is no emulator to inspect.");
      return core;
    },
    async revoke(sessionHandle) {
      const answer = (await postJson(`${local}/admin/revoke`, { sessionHandle })) as {
        sessionHandlesRevoked: string[];
      };
      return answer.sessionHandlesRevoked;
    },
    async close() {
      // io.close() ends every socket, then closes its HTTP server itself, too late for closeAllConnections: close
      // the servers here first (its own close then reports "not running", which is fine).
      const ioClosed = new Promise<void>((resolve) => servers.io.close(() => resolve()));
      await Promise.all([close(apiServer), close(socketServer), ioClosed]);
      await core?.close();
      running = false;
    },
  };
}
