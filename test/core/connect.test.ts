import { describe, expect, it } from "vitest";
import { createAuthedSocket, isAuthedSocketError, NotLoggedInError } from "supertokens-socket";
import { fakeSession } from "../support/fakeSession";
import { connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });



describe("starting a handle", () => {
  it("rejects with NotLoggedInError and opens no connection when there is no session", async () => {
    const session = fakeSession(fx.issuer);
    const before = fx.seed.handshakes;
    const error = await createAuthedSocket(fx.seed.url, session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotLoggedInError);
    expect(isAuthedSocketError(error) && error.code).toBe("NOT_LOGGED_IN");
    expect(fx.seed.handshakes).toBe(before);
  });

  it("says REFRESH_FAILED, with the cause, when the refresh backend is down: an outage is not a sign-out", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: -1_000 }); // already expired: getAccessToken must refresh
    await session.signIn();
    const outage = new Error("503 from /auth/session/refresh");
    session.failRefreshWith = outage;
    const error = await createAuthedSocket(fx.seed.url, session).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(NotLoggedInError);
    expect(isAuthedSocketError(error) && error.code).toBe("REFRESH_FAILED");
    expect((error as Error).cause).toBe(outage);
  });

  it("says TOKEN_NOT_EXPOSED, naming the fix, when a session exists but its token is not readable", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn();
    session.exposed = false;
    const before = fx.seed.handshakes;
    const error = await createAuthedSocket(fx.seed.url, session).catch((e: unknown) => e);
    expect(isAuthedSocketError(error) && error.code).toBe("TOKEN_NOT_EXPOSED");
    expect((error as Error).message).toContain("exposeAccessTokenToFrontendInCookieBasedAuth");
    expect(fx.seed.handshakes).toBe(before);
  });

  it("rejects bad options with INVALID_OPTIONS before touching the session", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn();
    for (const options of [{ tokenIn: "header" }, { tokenKey: "" }, { refreshMarginMs: -1 }, { getAccessToken: 5 }]) {
      const error = await createAuthedSocket(fx.seed.url, { ...session, ...(options as object) }).catch((e) => e);
      expect(isAuthedSocketError(error) && error.code).toBe("INVALID_OPTIONS");
    }
    expect(await createAuthedSocket("" as string).catch((e) => e.code)).toBe("INVALID_OPTIONS");
  });

  it("connects with the token in the query, where a server written as in SuperTokens' guide reads it", async () => {
    const session = fakeSession(fx.issuer);
    const token = await session.signIn("alice");
    const handle = await createAuthedSocket(fx.seed.url, session);
    fx.track(handle);
    await connected(handle);
    expect(fx.seed.accepted.at(-1)?.token).toBe(token);
    const [serverSocket] = await fx.seed.io.fetchSockets();
    expect((serverSocket as unknown as { handshake: { query: { token: string } } }).handshake.query.token).toBe(token);
  });

  it("connects with the token in the auth payload, under tokenKey, keeping the app's own auth fields", async () => {
    const session = fakeSession(fx.issuer);
    const token = await session.signIn("bob");
    const seen: unknown[] = [];
    const nsp = fx.seed.io.of("/auth-mode");
    nsp.use((socket, next) => {
      seen.push({ ...socket.handshake.auth, query: socket.handshake.query.jwt });
      next();
    });
    const handle = await createAuthedSocket(`${fx.seed.url}/auth-mode`, {
      ...session,
      tokenIn: "auth",
      tokenKey: "jwt",
      auth: { room: "lobby" },
    });
    fx.track(handle);
    await connected(handle);
    expect(seen).toEqual([{ room: "lobby", jwt: token, query: undefined }]);
  });
});
