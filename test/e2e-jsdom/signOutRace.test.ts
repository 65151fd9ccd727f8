// @vitest-environment jsdom
import { describe, expect, it, onTestFinished } from "vitest";
import * as Session from "supertokens-web-js/recipe/session/index.js";
import { createAuthedSocket, type UnauthenticatedEvent } from "supertokens-socket";
import type { ChatClientEvents, ChatServerEvents } from "../../demo/socketServer";
import { nextEvent, statusIs, until } from "../support/wait";
import { seenAfter, watchServers } from "../support/watchServers";
import { signIn, useRealSdk } from "./support/realSdk";

/*
 * A rotation racing a sign-out, on the real supertokens-web-js (header mode, jsdom): `rotate()` just before
 * `Session.signOut()`. The SDK fires SIGN_OUT only once the sign-out request is answered, and until then it still
 * refreshes: the backend holds the sign-out request until the handle has either ended or sent a refresh, so the race
 * goes the same way every round (the browser suite runs it in Chromium: test/browser/signOutRace.test.ts).
 */

const sdk = useRealSdk({ accessTokenLifetimeMs: 60_000 });
const ROUNDS = 5;
const refresh = (entry: string) => entry.endsWith(" /auth/session/refresh");

describe("real supertokens-web-js, header mode: a sign-out racing a rotation", () => {
  it("rotate() then Session.signOut(): the handle ends signed-out as the sign-out starts, and nothing refreshes or connects after it", async () => {
    const { stack } = sdk;
    const watch = watchServers(stack);
    onTestFinished(() => watch.stop());
    const rounds: unknown[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await signIn(stack, `race-${round}`);
      let signingOut = false;
      let refreshCalls = 0;
      const handle = sdk.track(
        await createAuthedSocket<ChatServerEvents, ChatClientEvents>(stack.socketUrl, {
          // The SDK's own refresh, counted from the moment the sign-out begins.
          attemptRefreshingSession: () => ((refreshCalls += Number(signingOut)), Session.attemptRefreshingSession()),
        }),
      );
      await statusIs(handle, "connected");
      const ended = nextEvent(handle, "unauthenticated");
      watch.seen.length = 0;
      const held = watch.hold("/auth/signout");

      handle.rotate();
      signingOut = true;
      const signedOut = Session.signOut();
      await held.arrived;
      await until(() => handle.status === "unauthenticated" || watch.seen.some(refresh), "the handle to end or to refresh");
      held.release();
      await signedOut;

      const event: UnauthenticatedEvent = await ended;
      const late = seenAfter(watch.seen, "/auth/signout", (e) => refresh(e) || e === "engine open" || e === "CONNECT");
      rounds.push({ reason: event.reason, refreshCalls, late, connected: handle.socket.connected });
    }
    expect(rounds).toEqual(Array(ROUNDS).fill({ reason: "signed-out", refreshCalls: 0, late: [], connected: false }));
    expect(sdk.events.filter((action) => action === "SIGN_OUT")).toHaveLength(ROUNDS);
    await until(() => stack.io.sockets.sockets.size === 0, "the server to hold no socket", 5000);
  });
});
