import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createKeySet } from "./keySet";
import { createSessionStore } from "./sessionStore";

export interface CoreOptions {
  /** @default 3_600_000 (the core's default, one hour) */
  accessTokenLifetimeMs?: number;
  /** @default 8_640_000_000 (the core's default, 100 days) */
  refreshTokenLifetimeMs?: number;
  /** When set, every call but `/apiversion`'s and the JWKS's must carry this `api-key`. */
  apiKey?: string;
  /** @default 0 */
  port?: number;
}

/** A running emulated core. */
export interface Core {
  /** `http://127.0.0.1:<port>`: supertokens-node's `connectionURI`. */
  url: string;
  /** Calls received, by `"<METHOD> <path>"` with the tenant prefix removed, e.g. `"POST /recipe/session/refresh"`. */
  readonly calls: Readonly<Record<string, number>>;
  /** Calls to `POST /recipe/session/refresh`, answered or failed. */
  readonly refreshes: number;
  /** Calls to `POST /recipe/session/verify`. */
  readonly verifies: number;
  /** Calls the emulator does not know (answered 404), as `"<METHOD> <path>"`. Empty when supertokens-node needed nothing more. */
  readonly unhandled: readonly string[];
  /** While set, `POST /recipe/session/refresh` answers this HTTP status and changes nothing (the backend then answers 500). */
  failRefresh: number | undefined;
  /** While set, `GET /.well-known/jwks.json` answers this HTTP status. */
  failJwks: number | undefined;
  /** Lifetime of access tokens issued from now on. */
  accessTokenLifetimeMs: number;
  refreshTokenLifetimeMs: number;
  /** Live sessions. */
  readonly sessionCount: number;
  hasSession(sessionHandle: string): boolean;
  /** Adds a dynamic signing key; new access tokens carry its kid, the old keys stay in the JWKS. Returns the kid. */
  rotateSigningKey(): string;
  resetCalls(): void;
  close(): Promise<void>;
}

/** The CDI versions this emulator speaks; supertokens-node 24 accepts only 5.4. */
export const CDI_VERSIONS = ["5.4"];

/** How long the backend may cache the JWKS. */
const JWKS_MAX_AGE_SECONDS = 60;

type Json = Record<string, unknown>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Recipe paths come with or without a tenant prefix: `/public/recipe/session` and `/recipe/session/refresh`. */
function splitTenant(pathname: string): { tenantId: string | undefined; path: string } {
  const match = /^\/([^/]+)(\/recipe\/.*)$/.exec(pathname);
  return match && match[1] !== "recipe" ? { tenantId: match[1], path: match[2]! } : { tenantId: undefined, path: pathname };
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString()) as Json;
  } catch {
    throw new HttpError(400, "Invalid JSON input");
  }
}

/**
 * Starts an in-memory emulator of the part of the SuperTokens core that supertokens-node 24's Session recipe calls,
 * on 127.0.0.1. See `./sessionStore` for the session semantics.
 */
export async function startCore(options: CoreOptions = {}): Promise<Core> {
  const config = {
    accessTokenLifetimeMs: options.accessTokenLifetimeMs ?? 3_600_000,
    refreshTokenLifetimeMs: options.refreshTokenLifetimeMs ?? 8_640_000_000,
  };
  const keys = createKeySet();
  const store = createSessionStore(keys, config);
  const calls: Record<string, number> = {};
  const unhandled: string[] = [];

  async function route(key: string, tenantId: string | undefined, url: URL, req: IncomingMessage): Promise<Json | undefined> {
    switch (key) {
      case "GET /apiversion":
        return { versions: CDI_VERSIONS };
      case "GET /.well-known/jwks.json":
        return keys.jwks();
      case "GET /user/id":
        // No user recipes: account linking asks before every createNewSession, and "unknown" is the right answer.
        return { status: "UNKNOWN_USER_ID_ERROR" };
      case "POST /recipe/session":
        return store.create(tenantId ?? "public", await readJson(req));
      case "POST /recipe/session/refresh":
        return store.refresh(await readJson(req));
      case "POST /recipe/session/verify":
        return store.verify(await readJson(req));
      case "POST /recipe/session/regenerate":
        return store.regenerate(await readJson(req));
      case "POST /recipe/session/remove":
        return store.remove(tenantId, await readJson(req));
      case "GET /recipe/session":
        return store.info(url.searchParams.get("sessionHandle") ?? "");
      case "GET /recipe/session/user":
        return store.handlesForUser(
          url.searchParams.get("fetchAcrossAllTenants") === "true" ? undefined : tenantId,
          url.searchParams.get("userId") ?? "",
        );
      case "PUT /recipe/session/data":
        return store.update(await readJson(req), "userDataInDatabase");
      case "PUT /recipe/jwt/data":
        return store.update(await readJson(req), "userDataInJWT");
      default:
        return undefined;
    }
  }

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    // A text/* answer would reach supertokens-node unparsed.
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://core");
    const method = req.method ?? "GET";
    const { tenantId, path } = splitTenant(url.pathname);
    const callKey = `${method} ${path}`;
    calls[callKey] = (calls[callKey] ?? 0) + 1;

    const isPublic = url.pathname === "/apiversion" || url.pathname === "/.well-known/jwks.json";
    if (options.apiKey !== undefined && !isPublic && req.headers["api-key"] !== options.apiKey) {
      send(res, 401, { message: "Invalid API key" });
      return;
    }
    if (callKey === "POST /recipe/session/refresh" && core.failRefresh !== undefined) {
      send(res, core.failRefresh, { message: "refresh failure injected by the test" });
      return;
    }
    if (callKey === "GET /.well-known/jwks.json" && core.failJwks !== undefined) {
      send(res, core.failJwks, { message: "JWKS failure injected by the test" });
      return;
    }
    const cdiVersion = req.headers["cdi-version"];
    if (typeof cdiVersion === "string" && !CDI_VERSIONS.includes(cdiVersion)) {
      send(res, 400, { message: `cdi-version ${cdiVersion} not supported` });
      return;
    }
    route(callKey, tenantId, url, req).then(
      (body) => {
        if (body === undefined) {
          unhandled.push(callKey);
          send(res, 404, { message: `${callKey} is not emulated` });
        } else if (url.pathname === "/.well-known/jwks.json") {
          send(res, 200, body, { "cache-control": `max-age=${JWKS_MAX_AGE_SECONDS}, must-revalidate` });
        } else {
          send(res, 200, body);
        }
      },
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        send(res, status, { message: error instanceof Error ? error.message : "internal error" });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const core: Core = {
    url: `http://127.0.0.1:${port}`,
    calls,
    get refreshes() {
      return calls["POST /recipe/session/refresh"] ?? 0;
    },
    get verifies() {
      return calls["POST /recipe/session/verify"] ?? 0;
    },
    unhandled,
    failRefresh: undefined,
    failJwks: undefined,
    get accessTokenLifetimeMs() {
      return config.accessTokenLifetimeMs;
    },
    set accessTokenLifetimeMs(ms) {
      config.accessTokenLifetimeMs = ms;
    },
    get refreshTokenLifetimeMs() {
      return config.refreshTokenLifetimeMs;
    },
    set refreshTokenLifetimeMs(ms) {
      config.refreshTokenLifetimeMs = ms;
    },
    get sessionCount() {
      return store.size;
    },
    hasSession: (sessionHandle) => store.has(sessionHandle),
    rotateSigningKey: () => keys.rotate(),
    resetCalls() {
      for (const key of Object.keys(calls)) delete calls[key];
      unhandled.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        // supertokens-node keeps connections alive; close them so close() does not wait for their timeout.
        server.closeAllConnections();
      }),
  };
  return core;
}
