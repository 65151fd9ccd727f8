// Requirement 1 of "several namespaces on one connection": handles share a Manager exactly when socket.io's own io()
// would share one, and `forceNew: true` keeps a Manager per handle.
import { describe, expect, it } from "vitest";
import { io, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { createAuthedSocket, type AuthedSocket } from "supertokens-socket";
import { useFixture } from "../support/fixture";
import { connected, until } from "../support/wait";
import { namespaceServer, openHandles, sessionOptions, signedIn, STYLES } from "./support";

const fx = useFixture();

type Options = Partial<ManagerOptions & SocketOptions>;
interface Case {
  label: string;
  a: [nsp: string, options?: Options];
  b: [nsp: string, options?: Options, host?: string];
  shared: boolean;
}

const CASES: Case[] = [
  { label: "two namespaces of one origin and path", a: ["/chat"], b: ["/news"], shared: true },
  { label: "the main namespace and another", a: ["/"], b: ["/news"], shared: true },
  { label: "the same namespace twice", a: ["/chat"], b: ["/chat"], shared: false },
  { label: "another path", a: ["/chat"], b: ["/news", { path: "/other.io" }], shared: false },
  { label: "forceNew: false, said out loud", a: ["/chat", { forceNew: false }], b: ["/news", { forceNew: false }], shared: true },
  { label: "forceNew: true", a: ["/chat"], b: ["/news", { forceNew: true }], shared: false },
  { label: "multiplex: false", a: ["/chat"], b: ["/news", { multiplex: false }], shared: false },
  { label: "another origin (localhost for 127.0.0.1)", a: ["/chat"], b: ["/news", {}, "localhost"], shared: false },
];

let spare = 20_000;
/** What socket.io-client's own io() does with the two URLs (on an origin of their own, so its cache starts empty). */
function ioShares({ a, b }: Case): boolean {
  const port = spare++;
  const first = io(`http://127.0.0.1:${port}${a[0]}`, { ...a[1], autoConnect: false });
  const second = io(`http://${b[2] ?? "127.0.0.1"}:${port}${b[0]}`, { ...b[1], autoConnect: false });
  const shared = first.io === second.io;
  first.disconnect();
  second.disconnect();
  return shared;
}

describe("a Manager is shared exactly when socket.io's io() would share one", () => {
  it.each(CASES)("$label", async (c) => {
    expect(ioShares(c)).toBe(c.shared);
    const server = await namespaceServer(fx, { style: "authenticateSockets", namespaces: ["/", "/chat", "/news"] });
    const session = await signedIn(fx, "sharing");
    const [a] = await openHandles(fx, server, session, [c.a[0]], c.a[1]);
    const host = c.b[2] ?? "127.0.0.1";
    const b = fx.track(
      await createAuthedSocket(`${server.url.replace("127.0.0.1", host)}${c.b[0]}`, { ...sessionOptions(session), ...c.b[1] }),
    );
    expect(b.socket.io === a!.socket.io).toBe(c.shared);
    // Handles on a path no server answers are left connecting: only the Manager is compared there.
    if (!c.b[1]?.path) await connected(b);
    expect(server.enginesMade).toBe(c.shared || c.b[1]?.path ? 1 : 2);
  });

  it("two sessions (other session functions, another user) never share one", async () => {
    const server = await namespaceServer(fx, { style: "authenticateSockets" });
    const [chat] = await openHandles(fx, server, await signedIn(fx, "first"), ["/chat"]);
    const [news] = await openHandles(fx, server, await signedIn(fx, "second"), ["/news"]);
    expect(news!.socket.io === chat!.socket.io).toBe(false);
    expect(server.enginesMade).toBe(2);
  });

  it("a namespace opened on it before gets a Manager of its own, even once its handle closed (as io() does)", async () => {
    // socket.io's io() keeps a closed namespace's Socket on its Manager, and so makes a new Manager for it.
    const port = spare++;
    const first = io(`http://127.0.0.1:${port}/news`, { autoConnect: false });
    first.disconnect();
    const second = io(`http://127.0.0.1:${port}/news`, { autoConnect: false });
    expect(second.io === first.io).toBe(false);
    second.disconnect();

    const server = await namespaceServer(fx, { style: "authenticateSockets" });
    const session = await signedIn(fx, "rejoin");
    const [chat, news] = await openHandles(fx, server, session, ["/chat", "/news"]);
    news!.close();
    // A new Socket's CONNECT racing the old one's DISCONNECT on one connection would make the server drop it all.
    const [again] = await openHandles(fx, server, session, ["/news"]);
    expect(again!.socket.io === chat!.socket.io).toBe(false);
    expect(chat!.status).toBe("connected");
    expect(server.enginesMade).toBe(2);
    await until(() => server.sockets("/news").length === 1, "the old /news socket to go");
    // Other namespaces still join the first connection.
    const [main] = await openHandles(fx, server, session, ["/"]);
    expect(main!.socket.io === chat!.socket.io).toBe(true);
    expect(server.enginesMade).toBe(2);
  });
});

describe.each(STYLES)("against %s on every namespace", (style) => {
  it("three namespaces: one Manager, one engine connection, one handshake per namespace, each answering", async () => {
    const namespaces = ["/", "/chat", "/news"];
    const server = await namespaceServer(fx, { style, namespaces });
    const session = await signedIn(fx, `three-${style}`);
    const handles = await openHandles(fx, server, session, namespaces);
    expect(new Set(handles.map((h) => h.socket.io)).size).toBe(1);
    expect(server.enginesMade).toBe(1);
    for (const nsp of namespaces) expect(server.handshakesOf(nsp)).toHaveLength(1);
    const answers = await Promise.all(handles.map((h) => whoami(h)));
    expect(answers.map((a) => a.nsp)).toEqual(namespaces);
  });

  it("forceNew: true keeps a Manager and an engine connection per handle", async () => {
    const server = await namespaceServer(fx, { style });
    const session = await signedIn(fx, `forced-${style}`);
    const [chat, news] = await openHandles(fx, server, session, ["/chat", "/news"], { forceNew: true });
    expect(chat!.socket.io === news!.socket.io).toBe(false);
    expect(server.enginesMade).toBe(2);
    expect(new Set(server.handshakes.map((h) => h.engine)).size).toBe(2);
  });
});

const whoami = (h: AuthedSocket) =>
  h.socket.timeout(2_000).emitWithAck("whoami" as never) as Promise<{ nsp: string; userId?: string }>;
