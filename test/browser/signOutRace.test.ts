import { describe, expect, it } from "vitest";
import { until } from "../support/wait";
import { untilStatus } from "./support/pages";
import { browserSuite } from "./support/suite";
import { seenAfter, watchServers } from "../support/watchServers";

/*
 * A refresh racing a sign-out, in Chromium (script tags, header mode): `rotate()` just before `Session.signOut()`.
 * The SDK fires SIGN_OUT only once its sign-out request is answered; before the fix the handle went on meanwhile: its
 * rotation's refresh left after /auth/signout (the SDK's refresh waits for its lock, the sign-out does not), and the
 * server ending the socket as it revoked the session made it refresh again and reconnect. The page wires
 * `preAPIHook: handlePreAPIHook`, as the README says.
 *
 * The backend holds each sign-out request, as a slow network would, until the page's handle has either ended or sent
 * a refresh: the race then goes the same way every time instead of once in a few runs.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 60_000, tokenTransferMethod: "header", socketPort: 0 });
const ROUNDS = 16;

describe("Chromium: a sign-out racing a rotation", () => {
  it(`rotate() then Session.signOut(), ${ROUNDS} times: no refresh and no handshake once the sign-out started`, async () => {
    const page = await suite.open("/umd.html");
    // The UMD build looks the SDK's functions up on `supertokensSession` when it calls them: count the handle's refreshes.
    await page.evaluate(() => {
      const session = (window as unknown as { supertokensSession: { attemptRefreshingSession(): Promise<boolean> } }).supertokensSession;
      const refresh = session.attemptRefreshingSession;
      session.attemptRefreshingSession = () => (window.harness.log.push({ t: Date.now(), kind: "refresh-call" }), refresh());
    });
    const watch = watchServers(suite.stack);
    const failures: string[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await page.evaluate((name) => window.harness.signIn(name), `race-${round}`);
        await page.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl);
        await untilStatus(page, "connected");
        watch.seen.length = 0;
        const signOut = watch.hold("/auth/signout");

        const done = page.evaluate(async () => {
          const { harness } = window;
          harness.rotate();
          const from = harness.log.length;
          await harness.signOut();
          // What the handle did from the moment the sign-out began.
          return harness.log.slice(from).filter((entry) => entry.kind === "refresh-call").length;
        });
        await signOut.arrived;
        // Held until the handle has decided: ended (nothing more to come), or a refresh reached the backend.
        let deciding = true;
        const ended = untilStatus(page, "unauthenticated");
        const refreshed = () => watch.seen.some((entry) => entry.endsWith(" /auth/session/refresh"));
        await Promise.race([ended, until(() => !deciding || refreshed(), "the handle to end or to send a refresh")]);
        deciding = false;
        signOut.release();
        const refreshCalls = await done;
        await ended;

        const late = seenAfter(watch.seen, "/auth/signout", (e) => e.endsWith(" /auth/session/refresh") || e === "engine open" || e === "CONNECT");
        if (refreshCalls > 0 || late.length > 0) failures.push(`round ${round}: ${refreshCalls} refresh call(s), then ${JSON.stringify(late)}`);
      }
    } finally {
      watch.stop();
    }
    expect(failures, `${failures.length} of ${ROUNDS} rounds raced the sign-out`).toEqual([]);
  }, 120_000);
});
