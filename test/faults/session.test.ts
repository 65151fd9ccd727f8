// Faults of the session: the refresh endpoint, clocks, sign-out at bad moments. Each test names its promise.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAuthedSocket, handleSessionEvent, NotLoggedInError, type AuthedSocketError } from "supertokens-socket";
import { browserSignals } from "../../src/platform/browserSignals";
import { startAuthServer, type AuthServer } from "../support/authServer";
import { startRemoteServer } from "../support/remoteServer";
import { startTcpProxy } from "../support/tcpProxy";
import { fakeClock } from "../support/fakeClock";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture();

afterEach(() => void vi.restoreAllMocks());

async function server(serverOptions = {}): Promise<AuthServer> {
  const s = await startAuthServer({ jwksUri: fx.issuer.jwksUri, expiryGraceMs: 0 }, serverOptions);
  fx.track(s);
  return s;
}
const fast = { reconnectionDelay: 100, reconnectionDelayMax: 400, transports: ["websocket"] };

describe("refresh endpoint down", () => {
  it.each([
    ["answering 500", () => Object.assign(new Error("refresh answered 500"), { status: 500 })],
    ["unreachable", () => new TypeError("Failed to fetch")],
  ])("promise: %s gives typed non-fatal errors, bounded retries, and recovery once it is back", async (_, failure) => {
    const backend = await server();
    const session = fakeSession(fx.issuer, { lifetimeMs: 2_000 });
    await session.signIn("eve");
    const handle = await createAuthedSocket(backend.url, { ...session, ...fast });
    fx.track(handle);
    await connected(handle);
    const errors: AuthedSocketError[] = [];
    handle.on("error", (e) => errors.push(e));
    const unauthenticated = vi.fn();
    handle.on("unauthenticated", unauthenticated);
    session.failRefreshWith = failure();
    const attemptsBefore = session.refreshes;
    const started = Date.now();
    await until(() => errors.length >= 3, "three failed refreshes", 10_000);
    // Never a sign-out for an outage, and never a socket left on the expired token.
    expect(errors.every((e) => e.code === "REFRESH_FAILED" && !(e instanceof NotLoggedInError))).toBe(true);
    expect(errors[0]!.cause).toBe(session.failRefreshWith);
    await until(() => !handle.socket.connected && Date.now() > handle.expiresAt!, "the expired connection to be dropped");
    // Backoff: a few attempts per second at most, not a loop.
    expect(errors.length / ((Date.now() - started) / 1000)).toBeLessThan(6);
    session.failRefreshWith = undefined;
    await connected(handle, 10_000);
    expect(session.refreshes).toBeGreaterThan(attemptsBefore);
    expect(unauthenticated).not.toHaveBeenCalled();
    expect(backend.connected.at(-1)!.data.expiresAt).toBeGreaterThan(Date.now());
  });

  it("promise: a refresh that fails while a handshake is under way is still retried once that handshake connects", async () => {
    // The cause of the flake above: the connect cleared the refresh's retry, and nothing refreshed again.
    const clock = fakeClock();
    const backend = await server();
    let hold: Promise<void> | undefined;
    let entered = () => {};
    backend.io.use((_socket, next) => void (entered(), hold ? hold.then(() => next()) : next()));
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_600_000 });
    await session.signIn("eli");
    const handle = fx.track(await createAuthedSocket(backend.url, { ...session, clock, transports: ["websocket"] }));
    await connected(handle);
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const held = new Promise<void>((resolve) => (entered = resolve));
    backend.connected[0]!.conn.close(); // the network drops the connection: the handle reconnects after its backoff
    await nextEvent(handle, "status", (s) => s === "reconnecting");
    clock.advance(5_000); // past socket.io's reconnection delay: the next handshake starts, and waits at the server
    await held;
    session.failRefreshWith = new Error("backend down");
    const failed = nextEvent(handle, "error");
    clock.advance(59 * 60_000); // the token falls due (before its expiry): the refresh fails, mid-handshake
    expect((await failed).code).toBe("REFRESH_FAILED");
    const back = nextEvent(handle, "status", (s) => s === "connected");
    release();
    await back;
    const again = nextEvent(handle, "error", () => true, 5_000);
    clock.advance(5_000); // the refresh's backoff (socket.io's delays: at most 1.5 s the first time)
    expect((await again).code).toBe("REFRESH_FAILED");
    session.failRefreshWith = undefined;
    const rotated = nextEvent(handle, "token", () => true, 5_000);
    clock.advance(5_000);
    await rotated;
    expect(handle.status).toBe("connected");
  });

  it("promise: a refresh that never answers times out as REFRESH_FAILED instead of hanging the handle", async () => {
    const backend = await server();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("fay");
    let hang = true;
    const handle = await createAuthedSocket(backend.url, {
      ...session,
      ...fast,
      sessionTimeoutMs: 300,
      attemptRefreshingSession: () => (hang ? new Promise<boolean>(() => {}) : session.attemptRefreshingSession()),
    });
    fx.track(handle);
    await connected(handle);
    const error = nextEvent(handle, "error");
    handle.rotate();
    expect((await error).code).toBe("REFRESH_FAILED");
    hang = false;
    const rotated = nextEvent(handle, "token");
    handle.rotate();
    await rotated;
    expect(session.refreshes).toBe(1);
  });
});

describe("clocks", () => {
  it("promise: a wall-clock jump (a laptop that slept) is caught on wake: refresh, then a valid token", async () => {
    const backend = await server();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("gus");
    const handle = await createAuthedSocket(backend.url, { ...session, ...fast });
    fx.track(handle);
    await connected(handle);
    const realNow = Date.now.bind(Date);
    // The world moved on by five minutes while the timers were frozen.
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + 5 * 60_000);
    const rotated = nextEvent(handle, "token");
    browserSignals.signalSession("check"); // what the page's focus / visibilitychange handler sends on wake
    await rotated;
    expect(session.refreshes).toBe(1);
  });

  it.each([
    ["behind", -10 * 60_000],
    ["ahead", +10 * 60_000],
  ])("promise: a client clock 10 minutes %s still rotates before the server's deadline", async (_, skew) => {
    const remote = await startRemoteServer();
    fx.track(remote);
    const session = fakeSession(remote.issuer, { lifetimeMs: 3_000 });
    const realNow = Date.now.bind(Date);
    session.now = realNow; // the SDK corrects its own skew
    await session.signIn("hal");
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + skew);
    const handle = await createAuthedSocket(remote.url, { ...session, ...fast });
    fx.track(handle);
    const tokens: number[] = [];
    handle.on("token", () => tokens.push(1));
    const kicked = vi.fn();
    handle.socket.on("disconnect", (reason) => reason === "io server disconnect" && kicked());
    await until(() => tokens.length >= 4, "three rotations", 15_000);
    // The server (with the true clock) never had to disconnect us for an expired token.
    expect(kicked).not.toHaveBeenCalled();
    const state = await remote.state();
    expect(state.connected).toBe(1);
  });
});

describe("sign-out at bad moments", () => {
  it("promise: signing out while offline closes at once and nothing reconnects when the network returns", async () => {
    const backend = await server();
    const proxy = await startTcpProxy(backend.url);
    fx.track(proxy);
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("ida");
    const handle = await createAuthedSocket(proxy.url, { ...session, ...fast });
    fx.track(handle);
    await connected(handle);
    proxy.cut();
    await nextEvent(handle, "status", (s) => s === "reconnecting");
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(handle.status).toBe("unauthenticated");
    proxy.restore();
    // A second client connecting through the same proxy proves the network is back; the signed-out one stays out.
    await session.signIn("ida-2");
    const probe = await createAuthedSocket(proxy.url, { ...session, ...fast });
    fx.track(probe);
    await connected(probe);
    expect(backend.io.of("/").sockets.size).toBe(1);
    expect([...backend.io.of("/").sockets.values()][0]!.data.userId).toBe("ida-2");
  });

  it("promise: user B signing in after user A never resumes A's session, even with connection state recovery", async () => {
    const backend = await server({ connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: false } });
    const proxy = await startTcpProxy(backend.url);
    fx.track(proxy);
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("alice");
    const a = await createAuthedSocket(proxy.url, { ...session, ...fast });
    fx.track(a);
    await connected(a);
    backend.io.emit("hello" as never); // recovery needs one event received (the offset)
    await until(() => (a.socket as unknown as { _lastOffset?: string })._lastOffset !== undefined, "an offset");
    proxy.cut(); // A's session is kept for recovery on the server...
    await nextEvent(a, "status", (s) => s === "reconnecting");
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" }); // ...A signs out offline...
    proxy.restore();
    await session.signIn("bob"); // ...and B signs in on the same page.
    handleSessionEvent({ action: "SESSION_CREATED" });
    const b = await createAuthedSocket(proxy.url, { ...session, ...fast });
    fx.track(b);
    await connected(b);
    const serverSide = backend.connected.at(-1)!;
    expect(serverSide.recovered).toBe(false);
    expect(serverSide.data.userId).toBe("bob");
    expect(a.status).toBe("unauthenticated");
  });

  it("promise: a sign-out racing a rotation wins: the rotation's token opens nothing", async () => {
    const backend = await server();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("jon");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handle = await createAuthedSocket(backend.url, {
      ...session,
      attemptRefreshingSession: async () => (await gate, session.attemptRefreshingSession()),
    });
    fx.track(handle);
    await connected(handle);
    const refreshing = nextEvent(handle, "status", (s) => s === "refreshing");
    handle.rotate();
    await refreshing;
    handleSessionEvent({ action: "SIGN_OUT" });
    release();
    await until(() => backend.io.of("/").sockets.size === 0, "the socket to go");
    expect(handle.status).toBe("unauthenticated");
    expect(backend.connected.length).toBe(1);
  });

  it("promise: a handle whose session turns out to belong to another user steps aside", async () => {
    const backend = await server();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("kay");
    const handle = await createAuthedSocket(backend.url, session);
    fx.track(handle);
    await connected(handle);
    await session.signIn("lee"); // no sign-out event reached this tab
    const ended = nextEvent(handle, "unauthenticated");
    handleSessionEvent({ action: "SESSION_CREATED" });
    expect((await ended).reason).toBe("user-changed");
    expect(backend.connected.every((s) => s.data.userId === "kay")).toBe(true);
  });
});

describe("hostile servers", () => {
  it("promise: a server that accepts then kicks at once gets a bounded number of handshakes, then unauthenticated", async () => {
    const backend = await server();
    backend.io.on("connection", (s) => s.disconnect(true));
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("mo");
    const handle = await createAuthedSocket(backend.url, { ...session, ...fast });
    fx.track(handle);
    const { reason } = await nextEvent(handle, "unauthenticated", () => true, 15_000);
    expect(reason).toBe("rejected");
    expect(backend.connected.length).toBeLessThanOrEqual(4);
  });
});
