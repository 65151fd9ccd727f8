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
  const script = await readFile(resolve(ROOT, "node_modules/socket.io-client/dist/socket.io.min.js"));
  // socket.io answers its own path; this answers the rest (the page and its script).
  server.io.httpServer.on("request", (req, res) => {
    if (req.url?.startsWith("/socket.io/")) return;
    const isScript = req.url === "/socket.io.min.js";
    res.writeHead(200, { "content-type": isScript ? "text/javascript" : "text/html" });
    res.end(isScript ? script : '<!doctype html><script src="/socket.io.min.js"></script>');
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
