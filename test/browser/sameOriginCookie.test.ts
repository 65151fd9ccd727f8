import type { IncomingHttpHeaders } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Socket } from "socket.io";
import { rawPollingHandshake, type RawHeaders } from "../support/rawHandshake";
import { harnessFiles } from "./support/harnessFiles";
import { openHarness, pageLog, untilLogged, untilStatus } from "./support/pages";
import { startStaticServer } from "./support/staticServer";
import { browserSuite } from "./support/suite";

/*
 * Cookie mode on the page's own origin, the most common cookie deployment: page, /auth API and socket.io on ONE
 * origin (`http://localhost:<port>`, the stack serving the fixture page itself), cookie-based sessions without token
 * exposure, the page on the UMD build with `createAuthedSocket(location.origin, { tokenIn: "cookie" })`, the server
 * allowing that origin. socket.io's first long-polling request is a same-origin GET, which Chromium sends without
 * Origin (but with `Sec-Fetch-Site: same-origin`): its headers are the handshake's.
 */

const suite = browserSuite({
  servePage: harnessFiles(),
  hostname: "localhost",
  accessTokenLifetimeMs: 3_000,
  tokenTransferMethod: "any",
  exposeAccessToken: false,
});

/** The browser-set headers of every handshake the socket server admitted. */
let handshakes: { userId: string; origin: string | undefined; site: string | string[] | undefined; transport: string }[] = [];
const onConnection = (socket: Socket) =>
  void handshakes.push({
    userId: socket.data.userId,
    origin: socket.handshake.headers.origin,
    site: socket.handshake.headers["sec-fetch-site"],
    transport: socket.conn.transport.name,
  });
beforeEach(() => {
  handshakes = [];
  suite.stack.io.on("connection", onConnection);
});
afterEach(() => void suite.stack.io.off("connection", onConnection));

describe("cookie transport with page, API and socket.io on one origin, in Chromium", () => {
  it.each([
    { name: "default (polling, then websocket)", transports: undefined, user: "same-origin-default", first: "polling", last: "websocket" },
    { name: '["websocket"]', transports: ["websocket"], user: "same-origin-websocket", first: "websocket", last: "websocket" },
    { name: '["polling"]', transports: ["polling"], user: "same-origin-polling", first: "polling", last: "polling" },
  ])("transports $name: connects, rotates by reconnecting, ends on sign-out", async ({ transports, user, first, last }) => {
    const origin = suite.stack.apiDomain;
    expect(origin).toMatch(/^http:\/\/localhost:\d+$/);
    expect(suite.stack.socketUrl).toBe(origin);
    const page = await openHarness(suite.context, `${origin}/umd.html`, { apiDomain: origin, tokenTransferMethod: "cookie" });
    await page.evaluate((n) => window.harness.signIn(n), user);
    expect((await suite.context.cookies()).find((c) => c.name === "sAccessToken")?.httpOnly).toBe(true);

    const refreshesBefore = suite.stack.core.refreshes;
    const since = Date.now();
    const options = transports === undefined ? { tokenIn: "cookie" } : { tokenIn: "cookie", transports };
    expect(await page.evaluate((o) => window.harness.connect(location.origin, o), options)).toEqual({ ok: true });
    await untilStatus(page, "connected");
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    await page.waitForFunction((t) => window.harness.state().transport === t, last, { timeout: 5_000 });

    const tokens = await untilLogged(page, "token", { count: 3, timeoutMs: 20_000 }); // the first + two rotations
    await untilStatus(page, "connected");
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    // No page-readable token: every rotation is a reconnect with the new cookie, one connection at a time.
    expect(tokens.slice(1).every((t) => t.inPlace === false)).toBe(true);
    const log = await pageLog(page);
    expect(log.filter((e) => ["connect_error", "unauthenticated", "error"].includes(e.kind))).toEqual([]);
    expect(suite.log.peak(user)).toBe(1);
    // The SDK intercepts the same-origin long-polling requests too: that sets off no refresh beyond the rotations'.
    const refreshEvents = log.filter((e) => e.kind === "session" && e.action === "REFRESH_SESSION" && e.t >= since).length;
    expect(suite.stack.core.refreshes - refreshesBefore).toBe(refreshEvents);
    expect(refreshEvents).toBeLessThanOrEqual(tokens.length);

    // What the server admitted: the first request's browser-set headers, each time.
    const mine = handshakes.filter((h) => h.userId === user);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // (Chromium sends Origin, and no Sec-Fetch-Site, on a WebSocket handshake.)
    const expected = first === "polling" ? { origin: undefined, site: "same-origin" } : { origin };
    for (const h of mine) expect(h).toMatchObject(expected);

    await page.evaluate(() => window.harness.signOut());
    await untilStatus(page, "unauthenticated", 5_000);
    expect((await untilLogged(page, "unauthenticated"))[0]).toMatchObject({ reason: "signed-out" });
    await expect.poll(() => suite.log.connected(user), { timeout: 2_000 }).toBe(0);
  });
});

describe("what Chromium sends, replayed against the same server", () => {
  /** The headers of every request that opened an engine connection (socket.io's handshake headers). */
  function engineRequests(): { headers: IncomingHttpHeaders[]; stop(): void } {
    const headers: IncomingHttpHeaders[] = [];
    const onConnection = (conn: { request: { headers: IncomingHttpHeaders } }) => void headers.push(conn.request.headers);
    suite.stack.io.engine.on("connection", onConnection);
    return { headers, stop: () => void suite.stack.io.engine.off("connection", onConnection) };
  }
  /** Replayable: without hop-by-hop and encoding headers. */
  const replayable = (headers: IncomingHttpHeaders): RawHeaders => {
    const { connection: _c, "accept-encoding": _e, ...rest } = headers;
    return Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  };

  it("the page's own same-origin GET is admitted; a same-site page's request with the cookie and no Origin is refused", async () => {
    const user = "same-origin-replay";
    suite.stack.core.accessTokenLifetimeMs = 60_000; // no rotation while the captured cookie is replayed
    const other = await startStaticServer({ host: "localhost" });
    const seen = engineRequests();
    try {
      const origin = suite.stack.apiDomain;
      const page = await openHarness(suite.context, `${origin}/umd.html`, { apiDomain: origin, tokenTransferMethod: "cookie" });
      await page.evaluate((n) => window.harness.signIn(n), user);
      await page.evaluate(() => window.harness.connect(location.origin, { tokenIn: "cookie", transports: ["polling"] }));
      await untilStatus(page, "connected");
      await page.evaluate(() => window.harness.close());

      // Another port of localhost: another origin, the same site, so Chromium sends the SameSite=Lax cookie along.
      const sameSite = await suite.context.newPage();
      await sameSite.goto(`${other.origin}/umd.html`);
      const poll = `${origin}/socket.io/?EIO=4&transport=polling`;
      await sameSite.evaluate((url) => fetch(url, { mode: "no-cors", credentials: "include" }).then(() => undefined), poll);
      await expect.poll(() => seen.headers.length, { timeout: 5_000 }).toBe(2);

      const [own, sibling] = seen.headers;
      expect(own).toMatchObject({ "sec-fetch-site": "same-origin", cookie: expect.stringContaining("sAccessToken=") });
      expect(own!.origin).toBeUndefined();
      expect(sibling).toMatchObject({ "sec-fetch-site": "same-site", cookie: expect.stringContaining("sAccessToken=") });
      expect(sibling!.origin).toBeUndefined();
      // Replayed from Node over loopback, header for header, through to the CONNECT packet.
      const loopback = `http://127.0.0.1:${new URL(origin).port}`;
      expect(await rawPollingHandshake(loopback, replayable(own!))).toBe("connected");
      expect(await rawPollingHandshake(loopback, replayable(sibling!))).toBe("ORIGIN_NOT_ALLOWED");
    } finally {
      seen.stop();
      suite.stack.core.accessTokenLifetimeMs = 3_000;
      await other.close();
    }
  });
});
