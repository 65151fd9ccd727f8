import express, { type NextFunction, type Request, type Response } from "express";
import cors from "cors";
import supertokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import { errorHandler, middleware, type SessionRequest } from "supertokens-node/framework/express";
import { verifySession } from "supertokens-node/recipe/session/framework/express";
import { endSocketsOnRevoke, type RoomTarget } from "supertokens-socket/server";
import { initSuperTokens } from "./initSuperTokens";

/** How the backend hands tokens to the frontend. `"any"` lets the frontend choose (its `st-auth-mode` header). */
export type TokenTransferMethod = "header" | "cookie" | "any";

export interface BackendOptions {
  /** Where this backend is reachable, e.g. `http://127.0.0.1:4001`: supertokens-node's `appInfo.apiDomain`. */
  apiDomain: string;
  /** The page's origin, allowed by CORS with credentials. */
  websiteDomain: string;
  /** The SuperTokens core: the emulator's URL, or a real core's. */
  connectionURI: string;
  apiKey?: string;
  /** @default "any" */
  tokenTransferMethod?: TokenTransferMethod;
  /**
   * Static files to serve from the backend's own origin (the demo page): everything under `dir` at `/`, plus each of
   * `files` at its URL path (`{ "/vendor/x.js": "/abs/path/x.js" }`). Sent with `Cache-Control: no-cache`.
   */
  staticFiles?: { dir: string; files?: Record<string, string> };
  /**
   * In cookie-based auth, also send the access token in the `st-access-token` header so that page scripts (and so
   * `Session.getAccessToken()`) can read it. Without it a cookie-mode page has no token to give a socket.
   * @default true
   */
  exposeAccessToken?: boolean;
  /**
   * Where the sockets of the sessions this backend revokes (sign-out, token theft, `/admin/revoke`, any call of
   * Session's revoke functions) are ended, through `endSocketsOnRevoke`: the socket.io `Server`, or a Redis emitter.
   * A revocation answers once they are told to end, so `/admin/revoke` answers after the sockets are gone.
   * @default sockets are not ended
   */
  sockets?: RoomTarget;
}

export interface Backend {
  app: express.Express;
}

/** The API base path the frontend SDK is configured with. */
export const API_BASE_PATH = "/auth";

const USER_NAME = /^[\w.@-]{1,64}$/;

/**
 * An Express app on the real supertokens-node, Session recipe only:
 * - `POST /signin {name}` starts a session for the user id `name` (no passwords: a demo);
 * - `GET /me` (verifySession) answers `{userId, sessionHandle}`; it is also where the frontend receives the
 *   replacement access token after a refresh (the core's verify promotes the new refresh token);
 * - `POST /admin/revoke {sessionHandle} | {userId}` revokes on the core, which ends the sockets (see
 *   {@link BackendOptions.sockets}; unauthenticated: the demo's admin button; a real app must guard such a route);
 * - `{apiBasePath}/session/refresh`, `/signout`, `/jwt/jwks.json` come from supertokens-node.
 *
 * Calls `supertokens.init`, which is process-wide: see {@link initSuperTokens}.
 */
export function createBackend(options: BackendOptions): Backend {
  const tokenTransferMethod = options.tokenTransferMethod ?? "any";

  initSuperTokens({
    framework: "express",
    supertokens: { connectionURI: options.connectionURI, ...(options.apiKey !== undefined && { apiKey: options.apiKey }) },
    appInfo: {
      appName: "supertokens-socket demo",
      apiDomain: options.apiDomain,
      websiteDomain: options.websiteDomain,
      apiBasePath: API_BASE_PATH,
    },
    recipeList: [
      Session.init({
        getTokenTransferMethod: () => tokenTransferMethod,
        exposeAccessTokenToFrontendInCookieBasedAuth: options.exposeAccessToken ?? true,
        // Every revocation path (sign-out, theft, admin) goes through the recipe's revoke functions.
        ...(options.sockets && { override: { functions: (original) => endSocketsOnRevoke(options.sockets!)(original) } }),
      }),
    ],
    telemetry: false,
  });

  const app = express();
  app.use(
    cors({
      origin: options.websiteDomain,
      allowedHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
      credentials: true,
    }),
  );
  app.use(middleware());
  app.use(express.json());
  if (options.staticFiles) {
    const { dir, files = {} } = options.staticFiles;
    for (const [urlPath, file] of Object.entries(files)) {
      app.get(urlPath, (_req: Request, res: Response) => res.sendFile(file, { headers: { "cache-control": "no-cache" } }));
    }
    app.use(express.static(dir, { cacheControl: false, setHeaders: (res) => res.setHeader("cache-control", "no-cache") }));
  }

  app.post("/signin", async (req: Request, res: Response) => {
    const name: unknown = req.body?.name;
    if (typeof name !== "string" || !USER_NAME.test(name)) {
      res.status(400).json({ message: "name: 1 to 64 letters, digits, or . _ @ -" });
      return;
    }
    const session = await Session.createNewSession(req, res, "public", supertokens.convertToRecipeUserId(name));
    res.json({ userId: session.getUserId(), sessionHandle: session.getHandle() });
  });

  app.get("/me", verifySession(), (req: SessionRequest, res: Response) => {
    res.json({ userId: req.session!.getUserId(), sessionHandle: req.session!.getHandle() });
  });

  app.post("/admin/revoke", async (req: Request, res: Response) => {
    const { sessionHandle, userId } = (req.body ?? {}) as { sessionHandle?: unknown; userId?: unknown };
    if (typeof sessionHandle === "string") {
      const found = await Session.revokeSession(sessionHandle);
      res.json({ sessionHandlesRevoked: found ? [sessionHandle] : [] });
    } else if (typeof userId === "string") {
      res.json({ sessionHandlesRevoked: await Session.revokeAllSessionsForUser(userId) });
    } else {
      res.status(400).json({ message: "sessionHandle or userId required" });
    }
  });

  app.use(errorHandler());
  // Last resort. Neither the answer nor the log line carries the error's message: it could quote a token.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    console.warn(`[demo backend] ${req.method} ${req.path} failed: ${error instanceof Error ? error.name : typeof error}`);
    res.status(500).json({ message: "Internal error" });
  });

  return { app };
}
