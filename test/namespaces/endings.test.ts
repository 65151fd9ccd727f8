// Requirements 5-7 of "several namespaces on one connection": a handle ends alone (its namespace's rejection, its
// close()), a session's end ends every handle of the connection, the next session never reuses the connection, and
// nothing is left open.
import { describe, expect, it } from "vitest";
import { createAuthedSocket, handleSessionEvent, type AuthedSocket } from "supertokens-socket";
import { browserSignals } from "../../src/platform/browserSignals";
import { useFixture } from "../support/fixture";
import type { FakeSession } from "../support/fakeSession";
import { nextEvent, trackTimers, until } from "../support/wait";
import { namespaceServer, openHandles, sessionOptions, signedIn, STYLES } from "./support";

const fx = useFixture();

const socketListeners = (h: AuthedSocket) =>
  ["connect", "disconnect", "connect_error"].reduce((n, e) => n + h.socket.listeners(e as "connect").length, 0);

describe("a handle ends alone", () => {
  it("a rejection on one namespace (its own middleware: CLAIM_INVALID) ends only that handle", async () => {
    const server = await namespaceServer(fx, {
      style: "authenticateSockets",
      namespaces: ["/chat", "/news"],
      auth: { "/news": { checkClaims: () => false } },
    });
    const session = await signedIn(fx, "claims");
    const [chat] = await openHandles(fx, server, session, ["/chat"]);
    const news = fx.track(await createAuthedSocket(`${server.url}/news`, sessionOptions(session)));
    const { reason, error } = await nextEvent(news, "unauthenticated");
    expect([reason, error?.serverCode]).toEqual(["rejected", "CLAIM_INVALID"]);
    expect(news.socket.io === chat!.socket.io).toBe(true);
    expect(chat!.status).toBe("connected");
    expect(server.sockets("/chat")).toHaveLength(1);
    expect(server.enginesMade).toBe(1);
    expect(session.refreshes).toBe(0);
    // The connection still serves the namespace that was admitted.
    const answer = (await chat!.socket.timeout(2_000).emitWithAck("whoami" as never)) as { nsp: string };
    expect(answer.nsp).toBe("/chat");
  });

  it.each(STYLES)("close() of one handle leaves the others connected; the engine closes with the last (%s)", async (style) => {
    const server = await namespaceServer(fx, { style, namespaces: ["/", "/chat", "/news"] });
    const session = await signedIn(fx, `close-${style}`);
    const [main, chat, news] = await openHandles(fx, server, session, ["/", "/chat", "/news"]);
    chat!.close();
    await until(() => server.sockets("/chat").length === 0, "the server to see /chat go");
    expect([main!.status, news!.status]).toEqual(["connected", "connected"]);
    expect(server.sockets("/")).toHaveLength(1);
    expect(server.sockets("/news")).toHaveLength(1);
    expect(server.enginesOpen).toBe(1);
    main!.close();
    await until(() => server.sockets("/").length === 0, "the server to see / go");
    expect(server.enginesOpen).toBe(1);
    news!.close();
    await until(() => server.enginesOpen === 0, "the engine connection to close with the last handle");
    expect(server.enginesMade).toBe(1);
  });
});

describe("a session's end ends every handle on the connection", () => {
  // In this tab the SDK's event says it; another tab's says it through the channel (its cookies are this tab's too).
  const signOuts: [string, (session: FakeSession) => void][] = [
    [
      "in this tab",
      (session) => {
        session.signOut();
        handleSessionEvent({ action: "SIGN_OUT" });
      },
    ],
    [
      "in another tab",
      () => {
        const otherTab = new BroadcastChannel("supertokens-socket");
        otherTab.postMessage("signed-out");
        otherTab.close();
      },
    ],
  ];
  it.each(STYLES.flatMap((style) => signOuts.map(([where, signOut]) => [style, where, signOut] as const)))(
    "sign-out (%s, %s): every handle unauthenticated, signed-out; the engine closes",
    async (style, where, signOut) => {
      const server = await namespaceServer(fx, { style });
      const session = await signedIn(fx, `out-${style}-${where.replace(/ /g, "-")}`);
      const handles = await openHandles(fx, server, session, ["/chat", "/news"]);
      const ended = handles.map((h) => nextEvent(h, "unauthenticated"));
      signOut(session);
      expect((await Promise.all(ended)).map((e) => e.reason)).toEqual(["signed-out", "signed-out"]);
      await until(() => server.enginesOpen === 0, "the engine connection to close");
    },
  );

  it("another user: every handle steps aside, and the next user's handles get a new Manager and engine", async () => {
    const server = await namespaceServer(fx, { style: "authenticateSockets" });
    const session = await signedIn(fx, "kay");
    const old = await openHandles(fx, server, session, ["/chat", "/news"]);
    await session.signIn("lee"); // no sign-out event reached this tab
    const ended = old.map((h) => nextEvent(h, "unauthenticated"));
    handleSessionEvent({ action: "SESSION_CREATED" });
    expect((await Promise.all(ended)).map((e) => e.reason)).toEqual(["user-changed", "user-changed"]);
    const next = await openHandles(fx, server, session, ["/chat", "/news"]);
    expect(next[0]!.socket.io === next[1]!.socket.io).toBe(true);
    expect(next[0]!.socket.io === old[0]!.socket.io).toBe(false);
    expect(server.enginesMade).toBe(2);
    for (const nsp of ["/chat", "/news"]) {
      expect(server.sockets(nsp).map((s) => (s.data as { userId: string }).userId)).toEqual(["lee"]);
    }
  });

  it("a handle of the next user never joins the previous user's connection, even while its handles still live", async () => {
    const server = await namespaceServer(fx, { style: "guide" });
    const session = await signedIn(fx, "first-user");
    const [chat] = await openHandles(fx, server, session, ["/chat"]);
    await session.signIn("next-user"); // this tab heard nothing yet: the /chat handle still lives
    const [news] = await openHandles(fx, server, session, ["/news"]);
    expect(news!.socket.io === chat!.socket.io).toBe(false);
    expect(server.enginesMade).toBe(2);
    expect(server.handshakesOf("/news")[0]!.engine).not.toBe(server.handshakesOf("/chat")[0]!.engine);
  });

  it("sign-out then sign-in as the same user: the new session gets a new Manager, nothing of the old one reused", async () => {
    const server = await namespaceServer(fx, { style: "guide" });
    const session = await signedIn(fx, "again");
    const old = await openHandles(fx, server, session, ["/chat", "/news"]);
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    await until(() => server.enginesOpen === 0, "the old engine connection to close");
    await session.signIn("again");
    handleSessionEvent({ action: "SESSION_CREATED" });
    const next = await openHandles(fx, server, session, ["/chat", "/news"]);
    expect(next[0]!.socket.io === old[0]!.socket.io).toBe(false);
    expect(next.some((h) => old.some((o) => o.socket === h.socket))).toBe(false);
    expect(server.enginesMade).toBe(2);
  });
});

describe("nothing left open", () => {
  it("after the last handle closes: no engine connection, timer, socket listener or session registration", async () => {
    const signalsBefore = browserSignals.listenerCount();
    const server = await namespaceServer(fx, { style: "authenticateSockets", namespaces: ["/", "/chat", "/news"] });
    const session = await signedIn(fx, "tidy");
    const timers = trackTimers(/src[\\/]|socket\.io-client/);
    const handles = await openHandles(fx, server, session, ["/", "/chat", "/news"]);
    // openHandles waited for every handle to connect: every namespace is admitted.
    expect(timers.pending()).toBeGreaterThan(0); // the rotation timers at least: the count can fail
    for (const h of handles) h.close();
    await until(() => server.enginesOpen === 0, "the engine connection to close");
    expect(handles.map(socketListeners)).toEqual([0, 0, 0]);
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
    await until(() => timers.pending() === 0, "every timer released");
    timers.restore();
  });

  it("after the session ends: the same", async () => {
    const signalsBefore = browserSignals.listenerCount();
    const server = await namespaceServer(fx, { style: "guide" });
    const session = await signedIn(fx, "tidy-end");
    const timers = trackTimers(/src[\\/]|socket\.io-client/);
    const handles = await openHandles(fx, server, session, ["/chat", "/news"]);
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    await until(() => server.enginesOpen === 0, "the engine connection to close");
    expect(handles.map((h) => h.status)).toEqual(["unauthenticated", "unauthenticated"]);
    expect(browserSignals.listenerCount()).toBe(signalsBefore);
    await until(() => timers.pending() === 0, "every timer released");
    timers.restore();
  });
});
