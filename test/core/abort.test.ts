// The `signal` option: a cancellable start, and a handle closed by its signal (issue 12).
import { describe, expect, it, vi } from "vitest";
import { io } from "socket.io-client";
import { createAuthedSocket } from "supertokens-socket";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { failureOf, statusIs, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture({ seed: true });

function countingIo() {
  let created = 0;
  return { io: ((...args: Parameters<typeof io>) => (created++, io(...args))) as typeof io, created: () => created };
}

describe("signal", () => {
  it("already aborted: rejects with an AbortError and asks the session nothing", async () => {
    let reads = 0;
    const error = await createAuthedSocket(fx.seed.url, {
      signal: AbortSignal.abort(),
      getAccessToken: async () => (reads++, undefined),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(reads).toBe(0);
  });

  it("without DOMException (Hermes): an aborted start still rejects with an Error named AbortError, not a ReferenceError", async () => {
    vi.stubGlobal("DOMException", undefined);
    try {
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const controller = new AbortController();
      const outcome = failureOf(createAuthedSocket(fx.seed.url, { getAccessToken: () => gate.then(() => undefined), signal: controller.signal }));
      controller.abort();
      const error = await outcome;
      release();
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ name: "AbortError", message: "createAuthedSocket was aborted." });
      expect(await failureOf(createAuthedSocket(fx.seed.url, { signal: AbortSignal.abort() }))).toMatchObject({ name: "AbortError" });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("aborted during the start: rejects with an AbortError, and nothing is opened or left registered", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: -1_000 }); // expired: the start refreshes
    await session.signIn("abe");
    session.lifetimeMs = 60_000;
    const signalsBefore = browserSignals.listenerCount();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let refreshes = 0;
    const counter = countingIo();
    const controller = new AbortController();
    const start = createAuthedSocket(fx.seed.url, {
      getAccessToken: async () => session.token,
      attemptRefreshingSession: async () => (refreshes++, await gate, session.attemptRefreshingSession()),
      io: counter.io,
      signal: controller.signal,
    });
    const outcome = failureOf(start);
    await until(() => refreshes === 1, "the start to be refreshing");
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: "AbortError" });
    release();
    // A handle that connects afterwards proves the aborted start had the time to open something, and did not.
    const probe = fx.track(await createAuthedSocket(fx.seed.url, session));
    await connected(probe);
    expect(counter.created()).toBe(0);
    expect(browserSignals.listenerCount()).toBe(signalsBefore + 1);
  });

  it("aborted at any moment of the start: it rejects with nothing opened, or resolves already closed", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("cy");
    const signalsBefore = browserSignals.listenerCount();
    // The abort lands a growing number of microtasks into the start, so one of them falls between the token's
    // arrival and the handle's existence, wherever that is.
    const outcomes = new Set<string>();
    for (let depth = 0; depth < 40; depth++) {
      const controller = new AbortController();
      const counter = countingIo();
      const start = createAuthedSocket(fx.seed.url, { ...session, io: counter.io, signal: controller.signal });
      let later = Promise.resolve();
      for (let i = 0; i < depth; i++) later = later.then(() => {});
      const aborted = later.then(() => controller.abort());
      const outcome = await start.catch((e: unknown) => e);
      await aborted;
      outcomes.add(outcome instanceof DOMException ? "rejected" : "resolved");
      if (outcome instanceof DOMException) expect(counter.created(), `depth ${depth}`).toBe(0);
      else expect(fx.track(outcome as Awaited<typeof start>).status, `depth ${depth}`).toBe("closed");
    }
    // The depths spanned the whole start: from aborts before the token came to aborts after the handle existed.
    expect([...outcomes].sort()).toEqual(["rejected", "resolved"]);
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
  });

  it("aborted later: the handle closes", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("bea");
    const controller = new AbortController();
    const handle = fx.track(await createAuthedSocket(fx.seed.url, { ...session, signal: controller.signal }));
    await connected(handle);
    controller.abort();
    await statusIs(handle, "closed");
    expect(handle.socket.active).toBe(false);
  });
});
