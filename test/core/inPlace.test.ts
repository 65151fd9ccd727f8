import { describe, expect, it } from "vitest";
import { createAuthedSocket, type TokenEvent } from "supertokens-socket";
import { startAuthServer, type AuthServer } from "../support/authServer";
import { startSeedServer } from "../support/seedServer";
import { fakeSession } from "../support/fakeSession";
import { debugLines, nextEvent, until, connected } from "../support/wait";
import { startIssuer } from "../support/jwks";
import { useFixture } from "../support/fixture";

const fx = useFixture();


async function authServer(options: Parameters<typeof startAuthServer>[1] = {}): Promise<AuthServer> {
  const server = await startAuthServer({ jwksUri: fx.issuer.jwksUri }, options);
  fx.track(server);
  return server;
}
describe("in-place re-authentication against supertokens-socket/server", () => {
  it("rotates 20 times on one connection: no reconnect, no second connection, no message lost", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("wendy");
    const server = await authServer();
    const log = debugLines();
    const handle = await createAuthedSocket(server.url, { ...session, transports: ["websocket"], logger: log.logger });
    fx.track(handle);
    await connected(handle);
    await log.granted();
    const received: number[] = [];
    handle.socket.on("n" as never, ((n: number) => received.push(n)) as never);
    let sent = 0;
    const stream = setInterval(() => server.io.emit("n" as never, sent++), 5);
    const tokens: TokenEvent[] = [];
    handle.on("token", (e) => tokens.push(e));
    try {
      for (let i = 0; i < 20; i++) {
        const next = nextEvent(handle, "token");
        handle.rotate();
        expect((await next).inPlace).toBe(true);
      }
    } finally {
      clearInterval(stream);
    }
    await until(() => received.length === sent, "every numbered message");
    expect(received).toEqual([...Array(sent).keys()]);
    expect(server.connected.length).toBe(1);
    expect(session.refreshes).toBe(20);
    const data = server.connected[0]!.data as { expiresAt: number; userId: string };
    expect(data.userId).toBe("wendy");
    expect(data.expiresAt).toBe(handle.expiresAt);
  });

  it("a server's REAUTH_LIMIT (its socket cut off): the handle comes back by a reconnect with a fresh token, then rotates in place again", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("limited");
    const server = await startAuthServer({ jwksUri: fx.issuer.jwksUri, reauthLimit: { burst: 1, perMinute: 0 } });
    fx.track(server);
    const log = debugLines();
    const handle = await createAuthedSocket(server.url, { ...session, transports: ["websocket"], logger: log.logger });
    fx.track(handle);
    await connected(handle);
    await log.granted();
    const rotateOnce = async () => {
      const next = nextEvent(handle, "token");
      handle.rotate();
      return (await next).inPlace;
    };
    expect(await rotateOnce()).toBe(true);
    const first = handle.socket.id;
    // The budget spent: the next hand-over is refused and the socket cut off (the refusal or the disconnect may
    // reach the client first); the handle reconnects with the fresh token.
    expect(await rotateOnce()).toBe(false);
    await connected(handle);
    expect(handle.socket.id).not.toBe(first);
    const live = () => server.connected.filter((s) => s.connected);
    await until(() => live().length === 1 && live()[0]!.id === handle.socket.id, "the server to hold the new socket alone");
    // A new socket, a new budget, once its hello is answered: in place again. One reconnect only: the second grant.
    await log.granted(2);
    expect(await rotateOnce()).toBe(true);
    expect(handle.status).toBe("connected");
    // Exactly one reconnect for the cut-off: the refusal and the server's disconnect are one event to the handle.
    expect(server.connected.length).toBe(2);
  });

  it("rotates in place on its own schedule, before the server's expiry deadline", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    await session.signIn("xena");
    const server = await authServer();
    const handle = await createAuthedSocket(server.url, session);
    fx.track(handle);
    const inPlace: boolean[] = [];
    handle.on("token", (e) => inPlace.push(e.inPlace));
    await until(() => inPlace.length >= 4, "three rotations", 15_000);
    expect(inPlace).toEqual([false, true, true, true, ...inPlace.slice(4).map(() => true)]);
    expect(server.connected.length).toBe(1);
    expect(server.connected[0]!.connected).toBe(true);
  });

  it("falls back to reconnecting against a server written as in SuperTokens' guide", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("yuri");
    const seed = await startSeedServer(fx.issuer.jwksUri);
    fx.track(seed);
    const handle = await createAuthedSocket(seed.url, { ...session, ackTimeoutMs: 300 });
    fx.track(handle);
    await connected(handle);
    // The hello probe times out against this server: after that, rotation reconnects.
    await until(() => seed.handshakes === 1, "the first handshake");
    const next = nextEvent(handle, "token", () => true, 5_000);
    handle.rotate();
    expect((await next).inPlace).toBe(false);
    expect(seed.accepted.at(-1)?.token).toBe(session.token);
    expect(seed.io.of("/").sockets.size).toBe(1);
  });

  it("refreshes and retries after a rejection with a retryable code, and stops for good on CLAIM_INVALID", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("zoe");
    const stranger = await startIssuer();
    const foreign = await stranger.sign({ sub: "zoe" }); // valid-looking, signed by a key the server does not trust
    await stranger.close();
    const server = await authServer();
    const codes: (string | undefined)[] = [];
    const retried = await createAuthedSocket(server.url, {
      ...session,
      // A cache that holds the bad token until the session is refreshed.
      getAccessToken: async () => (session.refreshes === 0 ? foreign : session.getAccessToken()),
    });
    fx.track(retried);
    retried.socket.on("connect_error", (e) => codes.push((e as Error & { data?: { code?: string } }).data?.code));
    await connected(retried);
    expect(codes).toEqual(["TOKEN_INVALID"]);
    expect(session.refreshes).toBe(1);

    const strict = await startAuthServer({ jwksUri: fx.issuer.jwksUri, checkClaims: () => false });
    fx.track(strict);
    const refused = await createAuthedSocket(strict.url, session);
    fx.track(refused);
    const { reason, error } = await nextEvent(refused, "unauthenticated");
    expect([reason, error?.serverCode]).toEqual(["rejected", "CLAIM_INVALID"]);
    expect(session.refreshes).toBe(1);
  });
});
