// Setup mistakes and errors that keep their meaning on their way out (issue 12, defect 1).
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthedSocketError, createAuthedSocket, followSession, handleSessionEvent, type AuthedSocketError as E } from "supertokens-socket";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { failureOf, nextEvent, statusIs, trackTimers, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });

afterEach(() => void vi.unstubAllGlobals());

// This process never calls SuperTokens.init: the real supertokens-web-js throws "No instance of Session found", as it
// does when Session.init is missing from the recipeList or when the app holds two copies of the SDK.
describe("supertokens-web-js not set up where the package reads it", () => {
  it("createAuthedSocket rejects with INVALID_OPTIONS naming the fix, not REFRESH_FAILED, and opens nothing", async () => {
    const before = fx.seed.handshakes;
    const error = (await failureOf(createAuthedSocket(fx.seed.url))) as E;
    expect(error).toBeInstanceOf(AuthedSocketError);
    expect(error.code).toBe("INVALID_OPTIONS");
    expect(error.message).toContain("SuperTokens.init");
    expect(error.message).toContain("npm ls supertokens-web-js");
    expect(String((error.cause as Error).message)).toContain("No instance of Session found");
    expect(fx.seed.handshakes).toBe(before);
  });

  it("followSession shows it and retries it on no signal: not on focus, not on a sign-in", async () => {
    let starts = 0;
    const follower = fx.track(followSession(fx.seed.url, () => (starts++, {})));
    await until(() => follower.getSnapshot().error !== undefined, "the start to fail");
    expect(follower.getSnapshot()).toMatchObject({ status: "closed", error: { code: "INVALID_OPTIONS" } });
    const after = starts;
    browserSignals.signalSession("check");
    handleSessionEvent({ action: "SESSION_CREATED" });
    // Signals are delivered synchronously, and a start reads the options at once: a retry would have counted.
    expect(starts).toBe(after);
  });
});

describe("an error keeps its code", () => {
  it("a package error thrown by a session function reaches the caller as it is", async () => {
    const own = new AuthedSocketError("TOKEN_NOT_EXPOSED", "not readable");
    const error = await failureOf(createAuthedSocket(fx.seed.url, { getAccessToken: () => Promise.reject(own) }));
    expect(error).toBe(own);
  });

  it("a setup mistake found mid-life closes the handle with INVALID_OPTIONS; it is not retried as an outage", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("set");
    let calls = 0;
    const mistake = new AuthedSocketError("INVALID_OPTIONS", "Session.init is missing");
    const handle = fx.track(
      await createAuthedSocket(fx.seed.url, {
        getAccessToken: session.getAccessToken,
        attemptRefreshingSession: () => (calls++, Promise.reject(mistake)),
        reconnectionDelay: 20,
      }),
    );
    await connected(handle);
    const errors: E[] = [];
    handle.on("error", (e) => errors.push(e));
    const timers = trackTimers(/src[\\/]/);
    handle.rotate();
    await statusIs(handle, "closed", 3_000);
    expect(handle.error).toBe(mistake);
    expect(errors).toEqual([]);
    // Nothing is armed to try again.
    expect(timers.pending()).toBe(0);
    expect(calls).toBe(1);
  });

  it("an app's listener that throws is reported as it is, and changes nothing in the lifecycle", async () => {
    const reported: unknown[] = [];
    vi.stubGlobal("reportError", (e: unknown) => reported.push(e));
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("bug");
    const handle = fx.track(await createAuthedSocket(fx.seed.url, session));
    await connected(handle);
    const bug = new Error("the app's bug");
    const off = handle.on("status", () => {
      throw bug;
    });
    const errors: E[] = [];
    handle.on("error", (e) => errors.push(e));
    const rotated = nextEvent(handle, "token");
    handle.rotate();
    await rotated;
    await connected(handle);
    expect(errors).toEqual([]);
    off();
    expect(reported[0]).toBe(bug);
    expect(session.refreshes).toBe(1);
  });
});
