import { describe, expect, it } from "vitest";
import { createAuthedSocket, handleSessionEvent, type TokenEvent } from "supertokens-socket";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });



describe("proactive rotation", () => {
  it("rotates before exp, never shows the server an expired token, keeps one connection and the app's listeners", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    await session.signIn("carol");
    const started = Date.now();
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    const received: number[] = [];
    handle.socket.on("tick" as never, ((n: number) => received.push(n)) as never);
    let n = 0;
    const ticker = setInterval(() => fx.seed.io.emit("tick", n++), 50);
    try {
      const rotations: TokenEvent[] = [];
      handle.on("token", (e) => rotations.push(e));
      const openSockets: number[] = [];
      handle.on("token", () => openSockets.push(fx.seed.io.of("/").sockets.size));
      await until(() => rotations.length >= 4, "four tokens in use", 15_000);
      const seen = received.length;
      await until(() => received.length > seen, "a tick after the last rotation");
      // Every handshake, accepted or not, carried a token that was still valid when it arrived.
      const mine = fx.seed.presented.filter((p) => p.at >= started);
      expect(mine.length).toBeGreaterThanOrEqual(4);
      for (const { at, exp } of mine) expect(at).toBeLessThan(exp);
      expect(fx.seed.accepted.filter((a) => a.at >= started)).toHaveLength(mine.length);
      expect(new Set(fx.seed.accepted.map((a) => a.token)).size).toBeGreaterThanOrEqual(4);
      // The old connection is gone by the time the new one is up: never two.
      expect(Math.max(...openSockets)).toBe(1);
      expect(session.refreshes).toBeGreaterThanOrEqual(3);
    } finally {
      clearInterval(ticker);
    }
  });

  it("uses a token that changed without any event, instead of refreshing again", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    await session.signIn("dave");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    session.lifetimeMs = 60_000; // so the replacement is clearly not due when the first token is
    const replaced = await session.replaceToken(); // an ordinary API response brought a new token, no event
    await until(() => fx.seed.accepted.some((a) => a.token === replaced), "the replaced token on a handshake", 5_000);
    expect(session.refreshes).toBe(0);
  });
});

describe("session events", () => {
  it("reconnects promptly with the new token on REFRESH_SESSION", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("erin");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    const fresh = await session.replaceToken();
    const rotated = nextEvent(handle, "token", () => true, 3_000);
    handleSessionEvent({ action: "ACCESS_TOKEN_PAYLOAD_UPDATED" });
    handleSessionEvent({ action: "REFRESH_SESSION" });
    await rotated;
    expect(fx.seed.accepted.at(-1)?.token).toBe(fresh);
    expect(handle.status).toBe("connected");
  });

  it("does nothing on a refresh event that did not change the token", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("frank");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    const handshakes = fx.seed.handshakes;
    const statuses: string[] = [];
    handle.on("status", (s) => statuses.push(s));
    handleSessionEvent({ action: "REFRESH_SESSION" });
    // A second, changed event proves the first was processed (work is serialised) without a reconnect.
    const fresh = await session.replaceToken();
    handleSessionEvent({ action: "REFRESH_SESSION" });
    await nextEvent(handle, "token");
    expect(fx.seed.handshakes).toBe(handshakes + 1);
    expect(fx.seed.accepted.at(-1)?.token).toBe(fresh);
  });

  it.each([
    ["SIGN_OUT", "signed-out"],
    ["UNAUTHORISED", "session-expired"],
  ] as const)("closes at once on %s: status unauthenticated, reason %s", async (action, reason) => {
    const session = fakeSession(fx.issuer);
    await session.signIn("gina");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    const [serverSocket] = fx.seed.io.of("/").sockets.values();
    const gone = new Promise((resolve) => serverSocket!.once("disconnect", resolve));
    const event = nextEvent(handle, "unauthenticated");
    handleSessionEvent({ action });
    expect(handle.status).toBe("unauthenticated");
    expect((await event).reason).toBe(reason);
    await gone;
    expect(handle.getSnapshot().socket).toBeUndefined();
    expect(handle.socket.connected).toBe(false);
  });
});
