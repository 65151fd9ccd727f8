import { describe, expect, it } from "vitest";
import { loggedSince, pageLog, untilLogged, untilStatus } from "./support/pages";
import { browserSuite } from "./support/suite";

/*
 * Scenario 6 of "End-to-end in a real browser": two tabs of one session (two pages of ONE browser context: shared
 * cookies, one BroadcastChannel scope). SuperTokens fires session events only in the tab that saw the change; the
 * package tells the other tabs over the BroadcastChannel "supertokens-socket" (plus a look on focus, visibility and
 * back online), and they check their own SDK.
 */

// Long-lived tokens: no rotation of their own, every change a tab sees comes from the other tab.
const suite = browserSuite({ accessTokenLifetimeMs: 60_000, tokenTransferMethod: "header", socketPort: 0 });

/** Generous: the channel normally delivers in milliseconds; this only catches "never" and multi-second stalls. */
const SIGN_OUT_PROPAGATION_BOUND_MS = 5_000;

describe("two tabs of one session in Chromium", () => {
  it("6. tab A refreshes: tab B moves to the new token in place; tab A signs out: tab B's socket closes within 5 s", async () => {
    const user = "two-tabs";
    const { adapter } = suite.stack.io.of("/");
    const disconnectSockets = adapter.disconnectSockets.bind(adapter);
    try {
      const tabA = await suite.open("/umd.html");
      const tabB = await suite.open("/umd.html");
      await tabA.evaluate((n) => window.harness.signIn(n), user);
      for (const tab of [tabA, tabB]) {
        expect(await tab.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl)).toEqual({ ok: true });
        await untilStatus(tab, "connected");
      }
      expect(suite.log.connected(user)).toBe(2);
      const bFirst = await tabB.evaluate(() => window.harness.state().expiresAt!);

      // Tab A refreshes the session.
      const refreshedAt = Date.now();
      expect(await tabA.evaluate(() => window.harness.refresh())).toBe(true);
      // Tab B saw no SuperTokens event of its own...
      expect((await loggedSince(tabB, "session", refreshedAt)).filter((e) => e.action === "REFRESH_SESSION")).toEqual([]);
      // ...but the channel made it look: it hands the new token over on its open connection.
      const [bRotated] = await untilLogged(tabB, "token", { match: { inPlace: true }, timeoutMs: 5_000 });
      console.log(`[browser] refresh in tab A → tab B on the new token after ${bRotated!.t - refreshedAt} ms`);
      expect(bRotated!.expiresAt).toBeGreaterThanOrEqual(bFirst);
      expect(await tabB.evaluate(() => window.harness.whoami())).toBe(user);
      expect((await pageLog(tabB)).filter((e) => ["disconnect", "connect_error"].includes(e.kind))).toEqual([]);
      // One refresh on the core for both tabs, and both sockets took the new token without reconnecting.
      expect(suite.stack.core.refreshes).toBe(1);
      expect(suite.log.of(user).map((a) => a.kind).sort()).toEqual(["accept", "accept", "reauth", "reauth"]);

      // The socket server is told nothing of the sign-out (endSocketsOnRevoke's disconnect goes nowhere): what
      // closes tab B's socket is the package in tab B alone, not the server disconnecting it.
      adapter.disconnectSockets = () => {};
      const signOutAt = Date.now();
      await tabA.evaluate(() => window.harness.signOut());
      const signedOut = Date.now();
      await untilStatus(tabA, "unauthenticated", 2_000);
      await untilStatus(tabB, "unauthenticated", SIGN_OUT_PROPAGATION_BOUND_MS);

      const [aEvent] = await loggedSince(tabA, "session", signOutAt).then((l) => l.filter((e) => e.action === "SIGN_OUT"));
      const [bEnded] = await loggedSince(tabB, "unauthenticated", signOutAt);
      const [bDisconnect] = await loggedSince(tabB, "disconnect", signOutAt);
      const propagationMs = bEnded!.t - aEvent!.t;
      console.log(
        `[browser] sign-out in tab A (signOut() took ${signedOut - signOutAt} ms) → tab B unauthenticated ` +
          `${propagationMs} ms after tab A's SIGN_OUT event (reason ${String(bEnded!.reason)})`,
      );
      // Tab B closed its socket itself.
      expect(bDisconnect?.reason).toBe("io client disconnect");
      expect(bEnded!.reason).toMatch(/^(signed-out|session-expired)$/);
      await expect.poll(() => suite.log.connected(user), { timeout: 2_000 }).toBe(0);
      expect(
        suite.log.disconnects.filter((d) => d.userId === user).map((d) => d.reason),
      ).toEqual(["client namespace disconnect", "client namespace disconnect"]);
    } finally {
      adapter.disconnectSockets = disconnectSockets;
    }
  });
});
