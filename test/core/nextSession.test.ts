// A handle of the next session never joins a refresh started for the previous one (issue 12, defect 3).
import { describe, expect, it } from "vitest";
import { createAuthedSocket, handleSessionEvent } from "supertokens-socket";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });

describe("sign out, sign in, connect: the new handle is on the new session", () => {
  it.each([
    ["the old answer first", [0, 1]],
    ["the new answer first", [1, 0]],
  ])("a refresh of the old session still in flight when the new handle needs one (%s)", async (_, order) => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("old");
    // One module-level function for every handle (as the SDK's is). The SDK decides about the session when it is
    // called; here each answer is held back until the test releases it.
    let holding = false;
    const releases: (() => void)[] = [];
    const attemptRefreshingSession = () => {
      const answer = session.attemptRefreshingSession();
      if (!holding) return answer;
      return new Promise<void>((resolve) => releases.push(resolve)).then(() => answer);
    };
    const options = { getAccessToken: session.getAccessToken, attemptRefreshingSession };
    const oldHandle = fx.track(await createAuthedSocket(fx.seed.url, options));
    await connected(oldHandle);

    // Signed out; the old handle asks for a refresh before it hears of it (kicked by the server during the sign-out).
    holding = true;
    session.signOut();
    oldHandle.rotate();
    await until(() => releases.length === 1, "the old handle's refresh to be asked");
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(oldHandle.status).toBe("unauthenticated");

    // The next session, and a handle of it that needs a refresh while the old one is still in flight.
    await session.signIn("new");
    const newHandle = fx.track(await createAuthedSocket(fx.seed.url, options));
    await connected(newHandle);
    const outcome = Promise.race([
      nextEvent(newHandle, "token", () => true, 5_000).then(() => "rotated"),
      nextEvent(newHandle, "unauthenticated", () => true, 5_000).then(({ reason }) => reason),
    ]);
    newHandle.rotate();
    await until(() => releases.length === 2, "a refresh of the new handle's own", 1_000).catch(() => {});
    holding = false;
    for (const i of order) releases[i]?.();
    expect(await outcome).toBe("rotated");
    expect(newHandle.status).toBe("connected");
    expect(fx.seed.accepted.at(-1)?.token).toBe(session.token);
    expect(session.refreshes).toBe(1);
  });
});
