import { describe, expect, it } from "vitest";
import { pageLog, untilLogged, untilStatus } from "./support/pages";
import { browserSuite } from "./support/suite";

/*
 * Scenario 8 of "End-to-end in a real browser": socket.io on the API's own hostname and port (no socketPort: the
 * socket server shares the backend's HTTP server). supertokens-web-js intercepts every XMLHttpRequest to the API's
 * hostname, so socket.io's HTTP long-polling goes through its interception (extra headers, CORS with credentials,
 * and a 401 would start a refresh). Tokens of 3 s, so that a few rotations happen under it.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 3_000, tokenTransferMethod: "header" });

describe("socket.io on the API's own hostname, in Chromium", () => {
  it.each([
    { transports: ["polling", "websocket"], user: "same-host-upgrade", upgrades: true },
    { transports: ["polling"], user: "same-host-polling", upgrades: false },
    { transports: ["websocket"], user: "same-host-websocket", upgrades: false },
  ])("8. transports $transports: the SDK's interception breaks nothing and sets off no extra refresh over three rotations", async ({ transports, user, upgrades }) => {
    expect(suite.stack.socketUrl).toBe(suite.stack.apiDomain);
    const page = await suite.open("/umd.html");
    const socketRequests: { method: string; rid: string | undefined }[] = [];
    const failures: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/socket.io/")) socketRequests.push({ method: request.method(), rid: request.headers()["rid"] });
    });
    page.on("response", (response) => {
      if (response.url().includes("/socket.io/") && response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    await page.evaluate((n) => window.harness.signIn(n), user);
    const refreshesBefore = suite.stack.core.refreshes;
    const since = Date.now();

    await page.evaluate(([url, t]) => window.harness.connect(url, { transports: t }), [suite.stack.socketUrl, transports] as const);
    await untilStatus(page, "connected");
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    await untilLogged(page, "token", { count: 4, timeoutMs: 15_000 }); // the first + three rotations
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    const transport = (await page.evaluate(() => window.harness.state())).transport;
    await page.evaluate(() => window.harness.close());

    const log = await pageLog(page);
    const refreshEvents = log.filter((e) => e.kind === "session" && e.action === "REFRESH_SESSION" && e.t >= since).length;
    const rotations = log.filter((e) => e.kind === "token").length - 1;
    const refreshes = suite.stack.core.refreshes - refreshesBefore;
    console.log(`[browser] ${JSON.stringify(transports)}: ${rotations} rotations, ${refreshes} refreshes on the core, ${socketRequests.length} socket.io HTTP requests`);
    // Exactly the refreshes the rotations needed (one more at most: a rotation under way when the handle closed).
    expect(refreshes).toBe(refreshEvents);
    expect(refreshes).toBeGreaterThanOrEqual(rotations);
    expect(refreshes).toBeLessThanOrEqual(rotations + 1);
    // Never rejected, never dropped, one connection throughout: every rotation in place.
    expect(log.filter((e) => ["connect_error", "disconnect", "unauthenticated"].includes(e.kind) && e.reason !== "io client disconnect")).toEqual([]);
    expect(log.filter((e) => e.kind === "token").slice(1).every((e) => e.inPlace === true)).toBe(true);
    expect(suite.log.of(user).filter((a) => a.kind === "accept")).toHaveLength(1);
    expect(suite.log.peak(user)).toBe(1);
    expect(failures).toEqual([]);
    expect(transport).toBe(upgrades ? "websocket" : transports[0]);
    if (transports[0] === "polling") {
      // The long-polling requests did go through the SDK's XMLHttpRequest interception (it adds its `rid` header).
      expect(socketRequests.length).toBeGreaterThan(1);
      expect(socketRequests.every((r) => r.rid !== undefined)).toBe(true);
    } else {
      expect(socketRequests.filter((r) => r.method !== "GET")).toEqual([]);
    }
  });
});
