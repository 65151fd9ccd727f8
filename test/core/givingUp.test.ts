// Giving up reconnecting is final and observable; refresh failures have a budget of their own (issue 12, defect 2).
import { describe, expect, it } from "vitest";
import { createAuthedSocket, type AuthedSocketError } from "supertokens-socket";
import { browserSignals } from "../../src/platform/browserSignals";
import { startSeedServer } from "../support/seedServer";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, statusIs, trackTimers, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture();

async function seed() {
  return fx.track(await startSeedServer(fx.issuer.jwksUri));
}

describe("giving up", () => {
  it("reconnection: false: a dropped connection ends closed with CONNECT_FAILED, a status event, nothing running", async () => {
    const server = await seed();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("gil");
    const signalsBefore = browserSignals.listenerCount();
    const timers = trackTimers(/src[\\/]|socket\.io-client/);
    const handle = fx.track(await createAuthedSocket(server.url, { ...session, reconnection: false }));
    await connected(handle);
    const closed = nextEvent(handle, "status", (s) => s === "closed", 3_000);
    const [serverSocket] = await server.io.fetchSockets();
    (serverSocket as unknown as { conn: { close(): void } }).conn.close(); // a network drop
    await closed;
    expect(handle.error?.code).toBe("CONNECT_FAILED");
    expect(handle.getSnapshot()).toMatchObject({ status: "closed", socket: undefined, error: { code: "CONNECT_FAILED" } });
    expect(handle.socket.active).toBe(false);
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
    await until(() => timers.pending() === 0, "no timer left");
  });

  it("reconnectionAttempts used up: closed with CONNECT_FAILED after that many attempts, not reconnecting forever", async () => {
    const server = await seed();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("hal");
    const handle = fx.track(
      await createAuthedSocket(server.url, { ...session, reconnectionAttempts: 2, reconnectionDelay: 20, reconnectionDelayMax: 50 }),
    );
    await connected(handle);
    let attempts = 0;
    handle.socket.on("connect_error", () => attempts++);
    await server.close();
    await statusIs(handle, "closed", 5_000);
    expect(handle.error?.code).toBe("CONNECT_FAILED");
    expect(handle.error?.message).toContain("gave up after 2 attempts");
    expect(attempts).toBe(2);
    expect(handle.socket.active).toBe(false);
  });

  it("failed refreshes do not use up the reconnection attempts: they go on being retried until the backend is back", async () => {
    const server = await seed();
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("ike");
    const handle = fx.track(
      await createAuthedSocket(server.url, { ...session, reconnectionAttempts: 1, reconnectionDelay: 20, reconnectionDelayMax: 40 }),
    );
    await connected(handle);
    const errors: AuthedSocketError[] = [];
    handle.on("error", (e) => errors.push(e));
    session.failRefreshWith = new Error("refresh answered 500");
    handle.rotate();
    await until(() => errors.length >= 4, "four failed refreshes", 5_000);
    expect(errors.every((e) => e.code === "REFRESH_FAILED")).toBe(true);
    session.failRefreshWith = undefined;
    await nextEvent(handle, "token", () => true, 5_000);
    expect(handle.status).toBe("connected");
    expect(server.accepted.at(-1)?.token).toBe(session.token);
  });
});
