import { createServer, request, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { API_BASE_PATH, createBackend, type TokenTransferMethod } from "./backend";
import { startCore, type Core } from "./core/startCore";
import { attachSocketServer, type ChatServer } from "./socketServer";

export interface StackOptions {
  /** @default 20_000 */
  accessTokenLifetimeMs?: number;
  /** @default 8_640_000_000 (100 days, the core's default) */
  refreshTokenLifetimeMs?: number;
  /** @default "any" (the frontend SDK's choice; supertokens-web-js defaults to cookies) */
  tokenTransferMethod?: TokenTransferMethod;
  /** Cookie-based auth also exposes the access token to page scripts. @default true */
  exposeAccessToken?: boolean;
  /** The page's origin, allowed by CORS. @default "http://localhost:3000" (vitest's jsdom URL) */
  websiteDomain?: string;
  /** Port of the backend. @default 0 */
  port?: number;
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
}

export interface Stack {
  /** `http://127.0.0.1:<port>`: the frontend SDK's `apiDomain` (its `apiBasePath` is `"/auth"`). */
  apiDomain: string;
  /** Where socket.io-client connects: the `apiDomain`, or the separate socket server's URL. */
  socketUrl: string;
  /** `{apiDomain}/auth/jwt/jwks.json`, what the socket server verifies tokens against. */
  jwksUri: string;
  websiteDomain: string;
  /** The emulated core: call counts, `failRefresh`, `failJwks`, key rotation. Throws when a real core is used. */
  readonly core: Core;
  /** The socket.io server (the chat). */
  io: ChatServer;
  /** Revokes a session through the backend's `POST /admin/revoke`, which also disconnects its sockets. */
  revoke(sessionHandle: string): Promise<string[]>;
  close(): Promise<void>;
}

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

/** The backend and the socket server, listening. */
async function startServers(
  apiServer: HttpServer,
  socketServer: HttpServer,
  options: StackOptions,
  connectionURI: string,
) {
  const websiteDomain = options.websiteDomain ?? "http://localhost:3000";
  const apiDomain = await listen(apiServer, options.port ?? 0);
  const backend = createBackend({
    apiDomain,
    websiteDomain,
    connectionURI,
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(options.tokenTransferMethod !== undefined && { tokenTransferMethod: options.tokenTransferMethod }),
    ...(options.exposeAccessToken !== undefined && { exposeAccessToken: options.exposeAccessToken }),
  });
  // Before socket.io attaches: it wraps the request listeners already there and passes on what is not its own.
  apiServer.on("request", backend.app);
  const socketUrl = socketServer === apiServer ? apiDomain : await listen(socketServer, options.socketPort ?? 0);
  const jwksUri = `${apiDomain}${API_BASE_PATH}/jwt/jwks.json`;
  const sockets = attachSocketServer(socketServer, { jwksUri, websiteDomain });
  backend.onSessionsRevoked((handles) => Promise.all(handles.map(sockets.endSession)));
  return { apiDomain, socketUrl, jwksUri, websiteDomain, io: sockets.io };
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

  return {
    ...servers,
    get core() {
      if (!core) throw new Error("This stack runs against a real SuperTokens core: there is no emulator to inspect.");
      return core;
    },
    async revoke(sessionHandle) {
      const answer = (await postJson(`${servers.apiDomain}/admin/revoke`, { sessionHandle })) as {
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
