import { describe, expect, it } from "vitest";
import { loggedSince, pageLog, untilLogged, untilStatus } from "./support/pages";
import { browserSuite } from "./support/suite";

/*
 * Scenarios 5 and 7 of "End-to-end in a real browser": access tokens of 3 s (whole-second `exp`: 2 to 3 s left when
 * issued) from the real backend, the demo socket server on its own port.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 3_000, tokenTransferMethod: "header", socketPort: 0 });

describe("short-lived access tokens in Chromium", () => {
  it("5. rotates at least five times while a server stream keeps arriving: always authenticated, never an expired token, one connection", async () => {
    const user = "rotor";
    const page = await suite.open("/umd.html");
    await page.evaluate((n) => window.harness.signIn(n), user);
    await page.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl);
    await untilStatus(page, "connected");
    const refreshesBefore = suite.stack.core.refreshes;

    // The server streams a numbered message every 100 ms to everyone.
    let sent = 0;
    const stream = setInterval(() => suite.stack.io.emit("chat", { from: "server", text: String(sent++) }), 100);
    try {
      await untilLogged(page, "token", { count: 6, timeoutMs: 20_000 }); // the first token + five rotations
    } finally {
      clearInterval(stream);
    }
    const lastSent = sent - 1;
    // The last message reaches the page: nothing was lost at the end either.
    await page.waitForFunction((n) => window.harness.chat.some((m) => m.text === String(n)), lastSent, { timeout: 5_000 });

    const log = await pageLog(page);
    const tokens = log.filter((e) => e.kind === "token");
    // Every rotation was an in-place hand-over: no reconnect, no disconnect, no rejection, no unauthenticated moment.
    expect(tokens.slice(1).every((t) => t.inPlace === true)).toBe(true);
    expect(log.filter((e) => ["disconnect", "connect_error", "unauthenticated", "error"].includes(e.kind))).toEqual([]);
    expect(log.filter((e) => e.kind === "connect")).toHaveLength(1);
    // Each rotation carries a later expiry.
    const expiries = tokens.map((t) => t.expiresAt as number);
    expect([...expiries].sort((a, b) => a - b)).toEqual(expiries);
    expect(new Set(expiries).size).toBe(expiries.length);

    // The stream: every message, in order, and no gap longer than a second.
    const chat = await page.evaluate(() => window.harness.chat.filter((m) => m.from === "server"));
    const numbers = chat.map((m) => Number(m.text));
    expect(numbers).toEqual(Array.from({ length: lastSent + 1 }, (_, i) => i));
    const gaps = chat.slice(1).map((m, i) => m.t - chat[i]!.t);
    expect(Math.max(...gaps)).toBeLessThan(1_000);

    // Server side: one socket, one handshake, five or more hand-overs, each token still valid when taken.
    const taken = suite.log.of(user);
    expect(taken.filter((a) => a.kind === "accept")).toHaveLength(1);
    expect(taken.filter((a) => a.kind === "reauth").length).toBeGreaterThanOrEqual(5);
    for (const a of taken) expect(a.expiresAt, `${a.kind} at ${a.at}`).toBeGreaterThan(a.at);
    expect(suite.log.peak(user)).toBe(1);
    expect(suite.log.connected(user)).toBe(1);
    // One refresh per rotation, no more.
    expect(suite.stack.core.refreshes - refreshesBefore).toBe(tokens.length - 1);
  });

  it("7. offline longer than the token's life: back online it refreshes first, then reconnects with a fresh token", async () => {
    const user = "offline";
    const page = await suite.open("/umd.html");
    await page.evaluate((n) => window.harness.signIn(n), user);
    await page.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl);
    await untilStatus(page, "connected");
    const offlineToken = await page.evaluate(() => window.harness.state().expiresAt!);

    await suite.context.setOffline(true);
    // Chromium's offline emulation cuts the open WebSocket too: the server sees the connection drop at once.
    await expect.poll(() => suite.log.disconnects.filter((d) => d.userId === user).map((d) => d.reason), { timeout: 5_000 }).toEqual([
      "transport close",
    ]);
    await untilStatus(page, "reconnecting");
    // Stay offline until the token in use has expired (and a refresh has been attempted and failed).
    await page.waitForFunction((exp) => Date.now() > exp + 300, offlineToken, { timeout: 6_000, polling: 50 });
    expect(await page.evaluate(() => window.harness.state().connected)).toBe(false);

    const onlineAt = Date.now();
    await suite.context.setOffline(false);
    await untilStatus(page, "connected", 10_000);

    const log = await pageLog(page);
    const connected = (await loggedSince(page, "connect", onlineAt))[0]!;
    const refreshed = (await loggedSince(page, "session", onlineAt)).find((e) => e.action === "REFRESH_SESSION");
    const reconnectMs = connected.t - onlineAt;
    console.log(`[browser] back online → reconnected in ${reconnectMs} ms (refresh done after ${refreshed!.t - onlineAt} ms)`);

    // Refreshed first, then connected: the reconnection never presented the expired token.
    expect(refreshed).toBeDefined();
    expect(refreshed!.t).toBeLessThanOrEqual(connected.t);
    expect(log.filter((e) => e.kind === "connect_error" && e.message === "Authentication error")).toEqual([]);
    expect(log.filter((e) => e.kind === "unauthenticated")).toEqual([]);
    const accepts = suite.log.of(user).filter((a) => a.kind === "accept");
    expect(accepts).toHaveLength(2);
    const back = accepts[1]!;
    expect(back.at).toBeGreaterThanOrEqual(onlineAt);
    expect(back.expiresAt).toBeGreaterThan(back.at);
    expect(back.expiresAt).toBeGreaterThan(offlineToken);
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    expect(reconnectMs).toBeLessThan(5_000);
  });
});
