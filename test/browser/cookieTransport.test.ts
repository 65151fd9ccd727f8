import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openHarness, pageLog, untilLogged, untilStatus } from "./support/pages";
import { startStaticServer, type StaticServer } from "./support/staticServer";
import { browserSuite } from "./support/suite";

/*
 * The browser part of "Cookie transport", and scenario 4's cookie mode WITHOUT token exposure: the real backend in
 * cookie-based auth with `exposeAccessTokenToFrontendInCookieBasedAuth: false`, so page scripts can never read the
 * access token (httpOnly `sAccessToken`, SameSite=Lax, host 127.0.0.1). The socket server (own port, same host: the
 * cookie flows, cookies ignore ports) reads it from the handshake and admits only the page's origin.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 3_000, tokenTransferMethod: "any", exposeAccessToken: false, socketPort: 0 });
/** Another origin on the same host: 127.0.0.1 with another port (same site, so the session cookie still flows). */
let otherPort: StaticServer;

beforeAll(async () => {
  otherPort = await startStaticServer();
});
afterAll(() => otherPort?.close());

async function signedInCookiePage(user: string): Promise<Page> {
  const page = await suite.open("/umd.html", { tokenTransferMethod: "cookie" });
  await page.evaluate((n) => window.harness.signIn(n), user);
  return page;
}

const accessTokenCookie = async () => (await suite.context.cookies()).find((c) => c.name === "sAccessToken");

describe("cookie-based auth without token exposure, in Chromium", () => {
  it("4. the default tokenIn fails with TOKEN_NOT_EXPOSED and says what to change", async () => {
    const user = "not-exposed";
    const page = await signedInCookiePage(user);
    expect((await accessTokenCookie())?.httpOnly).toBe(true);
    const refreshes = suite.stack.core.refreshes;

    const result = await page.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl);

    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: "TOKEN_NOT_EXPOSED", name: "AuthedSocketError", isAuthedSocketError: true });
    expect(result.error!.message).toContain("exposeAccessTokenToFrontendInCookieBasedAuth");
    expect(result.error!.message).toContain('tokenIn: "cookie"');
    // Nothing was opened; finding out cost at most one refresh (the package refreshes to tell "no session" apart).
    expect(suite.log.of(user)).toEqual([]);
    expect(suite.stack.core.refreshes - refreshes).toBeLessThanOrEqual(1);
  });

  it("cookie transport: connects with tokenIn 'cookie', rotates through five tokens with its listener alive and one connection, sign-out closes", async () => {
    const user = "cookie-rotor";
    const page = await signedInCookiePage(user);
    expect(await page.evaluate((url) => window.harness.connect(url, { tokenIn: "cookie" }), suite.stack.socketUrl)).toEqual({ ok: true });
    await untilStatus(page, "connected");
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    // The handshake carried no token of the page's: the server read the cookie.
    const [socket] = [...suite.stack.io.of("/").sockets.values()].filter((s) => s.data.userId === user);
    expect(socket!.handshake.query.token).toBeUndefined();
    expect(socket!.handshake.auth).toEqual({});
    expect(socket!.handshake.headers.cookie).toContain("sAccessToken=");

    let sent = 0;
    const stream = setInterval(() => suite.stack.io.emit("chat", { from: "server", text: String(sent++) }), 100);
    let tokens;
    try {
      tokens = await untilLogged(page, "token", { count: 6, timeoutMs: 20_000 }); // the first + five rotations
      // The listener registered once (before any rotation) still receives after the last one.
      const last = tokens[5]!.t;
      await page.waitForFunction((t) => window.harness.chat.filter((m) => m.t > t).length >= 3, last, { timeout: 5_000 });
    } finally {
      clearInterval(stream);
    }
    // No page-readable token: every rotation is a reconnect with the new cookie.
    expect(tokens.slice(1).every((t) => t.inPlace === false)).toBe(true);
    const log = await pageLog(page);
    expect(log.filter((e) => ["connect_error", "unauthenticated"].includes(e.kind))).toEqual([]);
    const taken = suite.log.of(user);
    expect(taken.filter((a) => a.kind === "accept").length).toBeGreaterThanOrEqual(6);
    for (const a of taken) expect(a.expiresAt, `${a.kind} at ${a.at}`).toBeGreaterThan(a.at);
    // One connection at a time: each rotation's old connection was gone before the new one was admitted.
    expect(suite.log.peak(user)).toBe(1);
    // 3 s tokens keep rotating: a reconnect may be under way right now (its handshake is verified on the core).
    await expect.poll(() => suite.log.connected(user), { timeout: 5_000 }).toBe(1);

    await page.evaluate(() => window.harness.signOut());
    await untilStatus(page, "unauthenticated", 5_000);
    await expect.poll(() => suite.log.connected(user), { timeout: 2_000 }).toBe(0);
    expect(await page.evaluate(() => window.harness.state().connected)).toBe(false);
  });

  it("cookie transport: a page on another origin cannot open an authenticated socket with the session cookie (ORIGIN_NOT_ALLOWED)", async () => {
    const user = "cookie-victim";
    // Long enough for this test that no page refreshes (the other origin could not: CORS).
    suite.stack.core.accessTokenLifetimeMs = 60_000;
    try {
      const page = await signedInCookiePage(user);
      await page.evaluate((url) => window.harness.connect(url, { tokenIn: "cookie" }), suite.stack.socketUrl);
      await untilStatus(page, "connected");
      const admitted = suite.log.of(user).length;

      // Same host, another port: another origin but the same site, so Chromium sends the SameSite=Lax cookie along.
      const sameSite = await openHarness(suite.context, `${otherPort.origin}/umd.html`, {
        apiDomain: suite.stack.apiDomain,
        tokenTransferMethod: "cookie",
      });
      // A bare WebSocket handshake (WebSockets know no CORS) carries the cookie: refused on its Origin.
      expect(
        await sameSite.evaluate((url) => window.harness.rawConnect(url, { transports: ["websocket"], withCredentials: true }), suite.stack.socketUrl),
      ).toEqual({ connected: false, message: "Authentication error", code: "ORIGIN_NOT_ALLOWED" });
      // Long-polling never gets that far: CORS (the socket server allows only the page's origin) blocks it.
      expect(
        await sameSite.evaluate((url) => window.harness.rawConnect(url, { withCredentials: true }), suite.stack.socketUrl),
      ).toMatchObject({ connected: false, message: "xhr poll error" });
      // The package on that page (its SDK sees the session's front token: cookies ignore ports) ends the handle.
      expect(
        await sameSite.evaluate((url) => window.harness.connect(url, { tokenIn: "cookie", transports: ["websocket"] }), suite.stack.socketUrl),
      ).toEqual({ ok: true });
      const [ended] = await untilLogged(sameSite, "unauthenticated", { timeoutMs: 5_000 });
      expect(ended).toMatchObject({ reason: "rejected", error: { code: "REJECTED", serverCode: "ORIGIN_NOT_ALLOWED" } });

      // Another site (localhost vs 127.0.0.1): Chromium does not send the SameSite=Lax cookie at all.
      const crossSite = await openHarness(suite.context, `http://localhost:${otherPort.port}/umd.html`, {
        apiDomain: suite.stack.apiDomain,
        tokenTransferMethod: "cookie",
      });
      expect(
        await crossSite.evaluate((url) => window.harness.rawConnect(url, { transports: ["websocket"], withCredentials: true }), suite.stack.socketUrl),
      ).toEqual({ connected: false, message: "Authentication error", code: "TOKEN_MISSING" });

      // None of it opened a socket for the user; the real page's socket is untouched.
      expect(suite.log.of(user)).toHaveLength(admitted);
      expect(suite.log.connected(user)).toBe(1);
      expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    } finally {
      suite.stack.core.accessTokenLifetimeMs = 3_000;
    }
  });

  it("cookie transport: the token is never in document.cookie, the page's storage or anything reachable from the handle", async () => {
    const user = "cookie-secret";
    const page = await signedInCookiePage(user);
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    await page.evaluate((url) => window.harness.connect(url, { tokenIn: "cookie" }), suite.stack.socketUrl);
    await untilStatus(page, "connected");
    // Through one rotation too, so that the token source has held more than one token.
    await page.evaluate(() => window.harness.rotate());
    await untilLogged(page, "token", { count: 2 });
    await untilStatus(page, "connected");

    const token = (await accessTokenCookie())!.value;
    expect(token.split(".")).toHaveLength(3);
    const signature = token.split(".")[2]!;
    const reachable = await page.evaluate(() => window.harness.reachableText());
    // The walk did reach socket.io's options and the handle (the socket server's URL is in there).
    expect(reachable.strings).toContain(new URL(suite.stack.socketUrl).host);
    expect(reachable.json).toContain("connected");
    for (const [where, text] of Object.entries(reachable)) {
      expect(text.includes(token), `token in ${where}`).toBe(false);
      expect(text.includes(signature), `token signature in ${where}`).toBe(false);
    }
    expect(reachable.documentCookie).not.toContain("sAccessToken");
    expect(urls.filter((u) => u.includes(signature))).toEqual([]);
  });
});
