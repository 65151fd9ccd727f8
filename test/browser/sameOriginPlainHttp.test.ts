import type { IncomingHttpHeaders } from "node:http";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { startAuthServer, type AuthServer } from "../support/authServer";
import { startIssuer, type Issuer } from "../support/jwks";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./support/chromium";
import { ROOT } from "./support/staticServer";

/*
 * The limit of cookie mode on one origin, as README states it: browsers send Fetch Metadata (`Sec-Fetch-Site`) only
 * to HTTPS and localhost URLs. A plain-HTTP page on any other host name sends a same-origin long-polling GET with
 * neither Origin nor Sec-Fetch-Site, exactly what another site's `<img>` sends: refused. Its WebSocket handshake
 * carries Origin: admitted. Chromium resolves `app.test` to loopback here; the page and socket.io share one server,
 * the session cookie is set on the context (the token comes from a test issuer: no SuperTokens needed for this).
 */

const HOST = "app.test";
let browser: Browser;
let issuer: Issuer;
let server: AuthServer;
let origin: string;
const firstRequests: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  const allowed: string[] = [];
  server = await startAuthServer({ jwksUri: issuer.jwksUri, allowedOrigins: (o) => allowed.includes(o) });
  const port = new URL(server.url).port;
  origin = `http://${HOST}:${port}`;
  allowed.push(origin);
  const scripts: Record<string, Buffer> = {
    "/socket.io.min.js": await readFile(resolve(ROOT, "node_modules/socket.io-client/dist/socket.io.min.js")),
    // The package's script-tag build (its `io` and supertokens-web-js globals: the session functions are options here),
    // the development one: the test reads the fix its message names.
    "/supertokens-socket.umd.js": await readFile(resolve(ROOT, "dist/supertokens-socket.umd.cjs")),
  };
  // socket.io answers its own path; this answers the rest (the page and its scripts).
  server.io.httpServer.on("request", (req, res) => {
    if (req.url?.startsWith("/socket.io/")) return;
    const script = scripts[req.url ?? ""];
    res.writeHead(200, { "content-type": script ? "text/javascript" : "text/html" });
    res.end(script ?? '<!doctype html><script src="/socket.io.min.js"></script><script src="/supertokens-socket.umd.js"></script>');
  });
  server.io.engine.on("connection", (conn: { request: { headers: IncomingHttpHeaders } }) => void firstRequests.push(conn.request.headers));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  });
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
  await issuer?.close();
});

describe("cookie mode on one plain-HTTP origin that is not localhost, in Chromium", () => {
  it("long-polling is refused (no Fetch Metadata: not provably the page), WebSocket admitted (Origin)", async () => {
    const context = await browser.newContext();
    try {
      const token = await issuer.sign({ sub: "plain-http" });
      await context.addCookies([{ name: "sAccessToken", value: token, domain: HOST, path: "/", httpOnly: true, sameSite: "Lax" }]);
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const connect = (transports: string[]) =>
        page.evaluate(
          (t) =>
            new Promise<{ connected: boolean; code?: string }>((done) => {
              const socket = (window as unknown as { io: typeof import("socket.io-client").io }).io(location.origin, {
                forceNew: true,
                reconnection: false,
                transports: t,
              });
              socket.once("connect", () => (socket.close(), done({ connected: true })));
              socket.once("connect_error", (e: Error & { data?: { code?: string } }) => (socket.close(), done({ connected: false, code: e.data?.code })));
            }),
          transports,
        );

      expect(await connect(["polling"])).toEqual({ connected: false, code: "ORIGIN_NOT_ALLOWED" });
      expect(firstRequests[0]).toMatchObject({ host: `${HOST}:${new URL(origin).port}`, cookie: `sAccessToken=${token}` });
      expect(firstRequests[0]!.origin).toBeUndefined();
      expect(firstRequests[0]!["sec-fetch-site"]).toBeUndefined();

      expect(await connect(["websocket"])).toEqual({ connected: true });
      expect(firstRequests[1]).toMatchObject({ origin, cookie: `sAccessToken=${token}` });
      expect(server.connected.map((s) => s.data.userId)).toEqual(["plain-http"]);
    } finally {
      await context.close();
    }
  });
});

describe("createAuthedSocket in cookie mode on that page (not a secure context)", () => {
  /** Signs `sub` in (the cookie on the context), opens the page, and starts a handle there with `transports`. */
  async function start(sub: string, transports?: string[]) {
    const context = await browser.newContext();
    const token = await issuer.sign({ sub });
    await context.addCookies([{ name: "sAccessToken", value: token, domain: HOST, path: "/", httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    const before = firstRequests.length;
    const outcome = await page.evaluate(
      ({ claims, transports }) => {
        const { createAuthedSocket } = (window as unknown as { SupertokensSocket: typeof import("supertokens-socket") }).SupertokensSocket;
        return createAuthedSocket(location.origin, {
          tokenIn: "cookie",
          ...(transports && { transports }),
          doesSessionExist: async () => true,
          getAccessTokenPayload: async () => claims,
          attemptRefreshingSession: async () => true,
        }).then(
          (authed) =>
            new Promise<{ secure: boolean; status: string; code?: string; serverCode?: string; message?: string }>((done) => {
              const settle = () => {
                if (authed.status !== "connected" && authed.status !== "unauthenticated" && authed.status !== "closed") return;
                const { code, serverCode, message } = (authed.error ?? {}) as { code?: string; serverCode?: string; message?: string };
                done({ secure: window.isSecureContext, status: authed.status, code, serverCode, message });
                authed.close();
              };
              authed.on("status", settle);
              settle();
            }),
        );
      },
      { claims, transports },
    );
    return { outcome, handshakes: firstRequests.slice(before), close: () => context.close() };
  }

  it("connects by WebSocket first, its handshake carrying Origin (long-polling would be refused)", async () => {
    const { outcome, handshakes, close } = await start("lan-phone");
    try {
      expect(outcome).toMatchObject({ secure: false, status: "connected" });
      expect(handshakes).toHaveLength(1);
      expect(handshakes[0]).toMatchObject({ origin, upgrade: "websocket" });
    } finally {
      await close();
    }
  });

  it("with the app's own transports: ['polling'], ends once with REJECTED naming the README section, no retry loop", async () => {
    const { outcome, handshakes, close } = await start("lan-polling", ["polling"]);
    try {
      expect(outcome).toMatchObject({ secure: false, status: "unauthenticated", code: "REJECTED", serverCode: "ORIGIN_NOT_ALLOWED" });
      expect(outcome.message).toContain('transports: ["websocket"]');
      expect(outcome.message).toContain("Cookie mode: which deployments work");
      expect(handshakes).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
