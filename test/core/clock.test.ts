// The injected clock: expiry and backoff without waiting for real time (issue 12).
import { describe, expect, it } from "vitest";
import { createAuthedSocket } from "supertokens-socket";
import { fakeClock } from "../support/fakeClock";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, connected, until } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });

describe("the handle's clock is injected", () => {
  it("an hour-long token rotates when the clock reaches its refresh time, without an hour of waiting", async () => {
    const clock = fakeClock();
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_600_000 });
    await session.signIn("tic");
    const handle = fx.track(await createAuthedSocket(fx.seed.url, { ...session, clock }));
    await connected(handle);
    const first = session.token;
    clock.advance(30 * 60_000); // half an hour: not due yet (margin 60 s, jitter at most 15 min)
    // A refresh that fell due inside advance() would have shown at once: the handle says "refreshing" before it
    // awaits anything (the session's count moves only later).
    expect(handle.status).toBe("connected");
    expect(session.refreshes).toBe(0);
    const rotated = nextEvent(handle, "token", () => true, 5_000);
    clock.advance(29 * 60_000);
    await rotated;
    expect(session.refreshes).toBe(1);
    expect(fx.seed.accepted.at(-1)?.token).not.toBe(first);
    expect(fx.seed.accepted.at(-1)?.token).toBe(session.token);
  });

  it("the expiry guard drops a connection still on its token at exp while refreshing fails", async () => {
    const clock = fakeClock();
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_600_000 });
    await session.signIn("toc");
    const handle = fx.track(await createAuthedSocket(fx.seed.url, { ...session, clock, reconnectionDelayMax: 60_000 }));
    await connected(handle);
    session.failRefreshWith = new Error("backend down");
    const failed = nextEvent(handle, "error", () => true, 5_000);
    clock.advance(59 * 60_000 + 30_000); // past any refresh time, before exp
    expect((await failed).code).toBe("REFRESH_FAILED");
    expect(handle.status).toBe("connected");
    const dropped = nextEvent(handle, "status", (s) => s === "reconnecting", 5_000);
    clock.advance(60_000); // past exp, the retry not yet due
    await dropped;
    // The engine closes once a polling-to-WebSocket upgrade under way has finished (socket.io's own close).
    await until(() => !handle.socket.connected, "the connection to drop", 2_000);
    session.failRefreshWith = undefined;
    const back = nextEvent(handle, "token", () => true, 5_000);
    clock.advance(60_000); // the retry's backoff
    await back;
    expect(handle.status).toBe("connected");
  });
});
