import { describe, expect, it } from "vitest";
import { followSession, handleSessionEvent, type SessionSocket } from "supertokens-socket";
import { fakeSession } from "../support/fakeSession";
import { until } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });


const status = (f: SessionSocket) => f.getSnapshot().status;

describe("followSession: one handle per session, for UI bindings", () => {
  it("waits without a session, connects when one begins, lets go at sign-out, and comes back on a NEW socket", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    const follower = followSession(fx.seed.url, session);
    fx.track(follower);
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
    await until(() => fx.seed.io.of("/").sockets.size === 0, "the socket to go");

    await session.signIn("bea");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => status(follower) === "connected", "connected after the second sign-in");
    expect(follower.getSnapshot().socket).not.toBe(first);
  });

  it("closed in the same tick it was created, it opens nothing (React StrictMode's throwaway effect)", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("cy");
    const before = fx.seed.handshakes;
    followSession(fx.seed.url, session).close();
    const kept = followSession(fx.seed.url, session);
    fx.track(kept);
    await until(() => status(kept) === "connected", "the second follower to connect");
    expect(fx.seed.handshakes).toBe(before + 1);
  });
});
