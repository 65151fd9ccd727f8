import { describe, expect, it, vi } from "vitest";
import { createAuthedSocket, handleSessionEvent, onSessionSignal, type AuthedSocket } from "supertokens-socket";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, trackTimers, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });


const serverSockets = () => fx.seed.io.of("/").sockets.size;
const socketListeners = (h: AuthedSocket) =>
  ["connect", "disconnect", "connect_error"].reduce((n, e) => n + h.socket.listeners(e as "connect").length, 0);

describe("single-flight refresh", () => {
  it("ten handles on one session cause one refresh per rotation, not ten", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    session.mergesRefreshes = false; // only the package can merge them
    await session.signIn("olga");
    const rotations = new Array(10).fill(0);
    for (let i = 0; i < 10; i++) {
      const handle = await createAuthedSocket(fx.seed.url, session);
      fx.track(handle);
      handle.on("token", () => rotations[i]++);
    }
    await until(() => rotations.every((n) => n >= 4), "every handle on its fourth token", 15_000);
    // Three rotations each: one refresh per round (a round may straddle two), never one per handle.
    expect(session.refreshes).toBeLessThanOrEqual(Math.max(...rotations) + 1);
    expect(session.refreshes).toBeLessThan(10);
  });

  it("handles started together on an expired token share one refresh", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: -1_000 });
    session.mergesRefreshes = false; // only the package can merge them
    await session.signIn("pia");
    session.lifetimeMs = 60_000;
    // The expired token as it is (no refresh inside the read): the package sees it is due and refreshes.
    const options = { getAccessToken: async () => session.token, attemptRefreshingSession: session.attemptRefreshingSession };
    const started = await Promise.all(Array.from({ length: 5 }, () => createAuthedSocket(fx.seed.url, options)));
    started.forEach((h) => fx.track(h));
    expect(session.refreshes).toBe(1);
  });
});

describe("nothing left open", () => {
  it("close() leaves no connection, socket listener, session registration or timer; a second close is harmless", async () => {
    const signalsBefore = browserSignals.listenerCount();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("quinn");
    const timers = trackTimers(/src[\\/]|socket\.io-client/);
    await until(() => serverSockets() === 0, "the previous tests' sockets to go");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    expect(serverSockets()).toBe(1);
    expect(timers.pending()).toBeGreaterThan(0); // the rotation timer, at least: the count can fail
    expect(browserSignals.listenerCount()).toBe(signalsBefore + 1);
    const closed = nextEvent(handle, "status", (s) => s === "closed");
    handle.close();
    await closed;
    handle.close();
    expect(handle.status).toBe("closed");
    expect(socketListeners(handle)).toBe(0);
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
    await until(() => serverSockets() === 0, "the server to see the socket go");
    expect(timers.pending()).toBe(0);
    timers.restore();
  });

  it("the app calling socket.disconnect() itself closes the handle: no reconnect, nothing registered", async () => {
    const signalsBefore = browserSignals.listenerCount();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("raj");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    handle.socket.disconnect();
    expect(handle.status).toBe("closed");
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
    expect(socketListeners(handle)).toBe(0);
  });

  it("sign-out releases everything the handle held", async () => {
    await until(() => serverSockets() === 0, "the previous tests' sockets to go");
    const signalsBefore = browserSignals.listenerCount();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("ruth");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(handle.status).toBe("unauthenticated");
    expect(socketListeners(handle)).toBe(0);
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
    await until(() => serverSockets() === 0, "the server to see the socket go");
  });

  it("close() during the first handshake: no connection survives", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("sam");
    const handle = await createAuthedSocket(fx.seed.url, session);
    expect(handle.status).toBe("connecting");
    handle.close();
    expect(handle.status).toBe("closed");
    const handshakes = fx.seed.handshakes;
    // Give any stray handshake the time to arrive, measured by a second client that does connect.
    const probe = await createAuthedSocket(fx.seed.url, session);
    fx.track(probe);
    await connected(probe);
    expect(fx.seed.handshakes).toBeLessThanOrEqual(handshakes + 2);
    expect(serverSockets()).toBe(1);
  });

  it("close() during a refresh: the refresh's result opens nothing", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("tess");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let refreshing!: () => void;
    const started = new Promise<void>((resolve) => (refreshing = resolve));
    const handle = await createAuthedSocket(fx.seed.url, {
      getAccessToken: session.getAccessToken,
      attemptRefreshingSession: async () => {
        refreshing();
        await gate;
        return session.attemptRefreshingSession();
      },
    });
    await connected(handle);
    handle.rotate();
    await started;
    handle.close();
    release();
    await until(() => serverSockets() === 0, "the server to see the socket go");
    const handshakes = fx.seed.handshakes;
    const probe = await createAuthedSocket(fx.seed.url, session);
    fx.track(probe);
    await connected(probe);
    expect(fx.seed.handshakes).toBe(handshakes + 1);
    expect(handle.status).toBe("closed");
  });

  it("a failed start leaves nothing behind", async () => {
    const signalsBefore = browserSignals.listenerCount();
    const timers = trackTimers(/src[\\/]|socket\.io-client/);
    const session = fakeSession(fx.issuer);
    await expect(createAuthedSocket(fx.seed.url, session)).rejects.toThrow();
    timers.restore();
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
    expect(timers.pending()).toBe(0);
  });

  it("session events for a closed handle do nothing", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("uma");
    const handle = await createAuthedSocket(fx.seed.url, session);
    await connected(handle);
    handle.close();
    const statuses: string[] = [];
    handle.on("status", (s) => statuses.push(s));
    handleSessionEvent({ action: "REFRESH_SESSION" });
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(statuses).toEqual([]);
    expect(handle.status).toBe("closed");
  });

  it("onSessionSignal returns its own unsubscribe", () => {
    const seen: string[] = [];
    const off = onSessionSignal((s) => seen.push(s), { crossTab: false });
    handleSessionEvent({ action: "SESSION_CREATED" });
    off();
    handleSessionEvent({ action: "SESSION_CREATED" });
    expect(seen).toEqual(["session-created"]);
  });
});

describe("secrecy", () => {
  it("no token appears in any error message or log line, through rejections and refresh failures", async () => {
    const lines: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" "))),
    );
    try {
      const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
      const tokens = [await session.signIn("vic")];
      fx.seed.io.of("/reject").use((_socket, next) => next(Object.assign(new Error("Authentication error"), { data: { code: "TOKEN_INVALID" } })));
      const handle = await createAuthedSocket(`${fx.seed.url}/reject`, session);
      fx.track(handle);
      const errors: Error[] = [];
      handle.on("error", (e) => errors.push(e));
      const { error } = await nextEvent(handle, "unauthenticated");
      tokens.push(session.token!);
      session.failRefreshWith = new Error("backend down");
      session.lifetimeMs = -1_000;
      await session.replaceToken();
      const failure = (await createAuthedSocket(fx.seed.url, session).catch((e: Error) => e)) as Error;
      const texts = [...lines, error!.message, String(error!.cause), failure.message, ...errors.map((e) => e.message)];
      for (const token of tokens) for (const text of texts) expect(text).not.toContain(token);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });
});

describe("what other tabs hear", () => {
  it("a sign-out reaches the other tabs even when it ends this tab's last handle", async () => {
    const otherTab = new BroadcastChannel("supertokens-socket");
    const heard: unknown[] = [];
    otherTab.onmessage = (event) => heard.push(event.data);
    try {
      const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
      await session.signIn("tab");
      const handle = fx.track(await createAuthedSocket(fx.seed.url, session));
      await connected(handle);
      handleSessionEvent({ action: "SIGN_OUT" });
      await until(() => heard.includes("signed-out"), "the other tab to hear the sign-out");
      // And from a tab with no live handle at all.
      handleSessionEvent({ action: "SESSION_CREATED" });
      await until(() => heard.includes("session-created"), "the other tab to hear the sign-in");
    } finally {
      otherTab.close();
    }
  });
});

describe("refresh answers that did not refresh", () => {
  it("a `true` that leaves the same token (the SDK's lock saw another change) gets one refresh of its own", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("lock");
    let calls = 0;
    const handle = fx.track(
      await createAuthedSocket(fx.seed.url, {
        getAccessToken: session.getAccessToken,
        attemptRefreshingSession: async () => (++calls === 1 ? true : session.attemptRefreshingSession()),
      }),
    );
    await connected(handle);
    const before = session.token;
    const rotated = nextEvent(handle, "token");
    handle.rotate();
    await rotated;
    expect(calls).toBe(2);
    expect(fx.seed.accepted.at(-1)?.token).not.toBe(before);
  });
});

describe("news from other tabs", () => {
  it("another tab's sign-out ends this tab's handle at once (the tabs share the session's cookies)", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("tab-b");
    const handle = fx.track(await createAuthedSocket(fx.seed.url, session));
    await connected(handle);
    const ended = nextEvent(handle, "unauthenticated");
    const tabA = new BroadcastChannel("supertokens-socket");
    tabA.postMessage("signed-out");
    tabA.close();
    expect((await ended).reason).toBe("signed-out");
  });
});
