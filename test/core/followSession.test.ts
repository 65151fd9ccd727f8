import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { followSession, handleSessionEvent, type SessionSocket } from "supertokens-socket";
import { startIssuer, type Issuer } from "../support/jwks";
import { startSeedServer, type SeedServer } from "../support/seedServer";
import { fakeSession } from "../support/fakeSession";
import { until } from "../support/wait";

let issuer: Issuer;
let server: SeedServer;
const followers: SessionSocket[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  server = await startSeedServer(issuer.jwksUri);
});
afterAll(async () => {
  await server.close();
  await issuer.close();
});
afterEach(() => followers.splice(0).forEach((f) => f.close()));

const status = (f: SessionSocket) => f.getSnapshot().status;

describe("followSession: one handle per session, for UI bindings", () => {
  it("waits without a session, connects when one begins, lets go at sign-out, and comes back on a NEW socket", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 60_000 });
    const follower = followSession(server.url, session);
    followers.push(follower);
    await until(() => status(follower) === "unauthenticated", "no session yet");
    expect(follower.getSnapshot().error?.code).toBe("NOT_LOGGED_IN");

    await session.signIn("ada");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => status(follower) === "connected", "connected after sign-in");
    const first = follower.getSnapshot().socket;

    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(status(follower)).toBe("unauthenticated");
    expect(follower.getSnapshot().socket).toBeUndefined();
    await until(() => server.io.of("/").sockets.size === 0, "the socket to go");

    await session.signIn("bea");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => status(follower) === "connected", "connected after the second sign-in");
    expect(follower.getSnapshot().socket).not.toBe(first);
  });

  it("closed in the same tick it was created, it opens nothing (React StrictMode's throwaway effect)", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 60_000 });
    await session.signIn("cy");
    const before = server.handshakes;
    followSession(server.url, session).close();
    const kept = followSession(server.url, session);
    followers.push(kept);
    await until(() => status(kept) === "connected", "the second follower to connect");
    expect(server.handshakes).toBe(before + 1);
  });
});
