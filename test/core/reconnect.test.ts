import { describe, expect, it } from "vitest";
import type { Server } from "socket.io";
import { createAuthedSocket } from "supertokens-socket";
import { startSeedServer } from "../support/seedServer";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture();


async function seed(...args: Parameters<typeof startSeedServer> extends [string, ...infer R] ? R : never) {
  const server = await startSeedServer(fx.issuer.jwksUri, ...args);
  fx.track(server);
  return server;
}
const portOf = (url: string) => Number(new URL(url).port);

/** A server whose namespace middleware answers like `authenticateSockets`: a code on every rejection. */
function rejectWith(io: Server, decide: (token: string) => string | undefined) {
  io.of("/coded").use((socket, next) => {
    const code = decide(String(socket.handshake.query.token));
    if (!code) return next();
    const error = new Error("Authentication error") as Error & { data?: unknown };
    error.data = { code };
    next(error);
  });
}

describe("reconnecting", () => {
  it("after a server restart that outlived the token, refreshes first and reconnects with a valid token", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 2_000 });
    await session.signIn("hank");
    const first = await seed();
    const handle = await createAuthedSocket(first.url, { ...session, reconnectionDelay: 100, reconnectionDelayMax: 300 });
    fx.track(handle);
    await connected(handle);
    const used = session.token!;
    await first.close();
    // Down for longer than the token lives.
    const exp = JSON.parse(Buffer.from(used.split(".")[1]!, "base64url").toString()).exp * 1000;
    await until(() => Date.now() > exp + 200, "the token to expire", 5_000);
    const second = await seed({}, portOf(first.url));
    await connected(handle);
    expect(second.handshakes).toBeGreaterThanOrEqual(1);
    expect(second.accepted.length).toBe(second.handshakes); // never a stale token
    for (const { at, exp: e } of second.accepted) expect(at).toBeLessThan(e);
  });

  it("after the connection drops, reconnects by itself with the current token, keeping the same socket", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("ivy");
    const server = await seed();
    const handle = await createAuthedSocket(server.url, { ...session, reconnectionDelay: 50 });
    fx.track(handle);
    await connected(handle);
    const socket = handle.socket;
    const fresh = await session.replaceToken();
    const [serverSocket] = await server.io.fetchSockets();
    (serverSocket as unknown as { conn: { close(): void } }).conn.close(); // a network drop
    await nextEvent(handle, "status", (s) => s === "reconnecting");
    await connected(handle);
    expect(handle.socket).toBe(socket);
    expect(server.accepted.at(-1)?.token).toBe(fresh);
  });
});

describe("server rejections", () => {
  it("refreshes once and reconnects when the server rejects the token", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    const revokedToken = await session.signIn("jack");
    const server = await seed();
    rejectWith(server.io, (token) => (token === revokedToken ? "TOKEN_INVALID" : undefined));
    const handle = await createAuthedSocket(`${server.url}/coded`, session);
    fx.track(handle);
    await connected(handle);
    expect(session.refreshes).toBe(1);
    expect(String(handle.socket.io.opts.query && (handle.socket.io.opts.query as { token: string }).token)).not.toBe(
      revokedToken,
    );
  });

  it("stops after a handful of handshakes when the server rejects every token: unauthenticated, rejected", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("kim");
    const server = await seed();
    let handshakes = 0;
    rejectWith(server.io, () => (handshakes++, "TOKEN_INVALID"));
    const handle = await createAuthedSocket(`${server.url}/coded`, session);
    fx.track(handle);
    const { reason, error } = await nextEvent(handle, "unauthenticated");
    expect(reason).toBe("rejected");
    expect(error?.code).toBe("REJECTED");
    expect(error?.serverCode).toBe("TOKEN_INVALID");
    expect(handshakes).toBe(2);
    expect(session.refreshes).toBe(1);
    expect(handle.socket.active).toBe(false);
  });

  it("gives up at once on a rejection a fresh token cannot fix (CLAIM_INVALID)", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("lou");
    const server = await seed();
    rejectWith(server.io, () => "CLAIM_INVALID");
    const handle = await createAuthedSocket(`${server.url}/coded`, session);
    fx.track(handle);
    const { reason, error } = await nextEvent(handle, "unauthenticated");
    expect([reason, error?.serverCode]).toEqual(["rejected", "CLAIM_INVALID"]);
    expect(session.refreshes).toBe(0);
  });

  it("goes unauthenticated (session-expired) when refreshing after a rejection says the session is over", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("max");
    const server = await seed();
    rejectWith(server.io, () => "TOKEN_EXPIRED");
    session.revoked = true;
    const handle = await createAuthedSocket(`${server.url}/coded`, session);
    fx.track(handle);
    expect((await nextEvent(handle, "unauthenticated")).reason).toBe("session-expired");
  });

  it("comes back with a fresh token when the server ends the connection (expiry enforcement, kick)", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("ned");
    const server = await seed();
    const handle = await createAuthedSocket(server.url, session);
    fx.track(handle);
    await connected(handle);
    server.io.disconnectSockets(true);
    await nextEvent(handle, "status", (s) => s === "reconnecting");
    await connected(handle);
    expect(session.refreshes).toBe(1);
    expect(server.accepted.at(-1)?.token).toBe(session.token);
  });
});
