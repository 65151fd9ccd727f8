// Requirements 2-4 of "several namespaces on one connection": one refresh per rotation for every namespace, in place
// on each namespace where the server takes it, else ONE reopening of the shared engine with the new token.
import { describe, expect, it } from "vitest";
import type { AuthedSocket, AuthedSocketStatus, TokenEvent } from "supertokens-socket";
import { useFixture } from "../support/fixture";
import { connected, debugLines, nextEvent, until } from "../support/wait";
import { namespaceServer, openHandles, queryToken, signedIn, STYLES } from "./support";

const fx = useFixture();
const NAMESPACES = ["/", "/chat", "/news"];

/** Every `token` event and status of each handle, in order. */
function watch(handles: AuthedSocket[]) {
  const tokens = handles.map(() => [] as TokenEvent[]);
  const statuses = handles.map(() => [] as AuthedSocketStatus[]);
  handles.forEach((h, i) => {
    h.on("token", (e) => tokens[i]!.push(e));
    h.on("status", (s) => statuses[i]!.push(s));
  });
  return { tokens, statuses };
}

describe("in place, against authenticateSockets on every namespace", () => {
  it("3 s tokens: one refresh per rotation for all three namespaces, each handing its token over, no engine reconnect", async () => {
    const server = await namespaceServer(fx, { style: "authenticateSockets", namespaces: NAMESPACES });
    const session = await signedIn(fx, "in-place", 3_000);
    const log = debugLines();
    const handles = await openHandles(fx, server, session, NAMESPACES, { logger: log.logger });
    // The server grants in-place hand-over per connection, once the client asked: wait for every namespace's answer.
    await log.granted(NAMESPACES.length);
    const { tokens } = watch(handles);
    const refreshesBefore = session.refreshes;
    await until(() => tokens.every((t) => t.length >= 2), "two rotations on every namespace", 15_000);
    const rotations = Math.min(...tokens.map((t) => t.length));
    // One refresh per round (a round may straddle two), never one per namespace.
    expect(session.refreshes - refreshesBefore).toBeLessThanOrEqual(rotations + 1);
    for (const t of tokens) expect(t.every((e) => e.inPlace)).toBe(true);
    expect(server.enginesMade).toBe(1);
    for (const nsp of NAMESPACES) expect(server.handshakesOf(nsp)).toHaveLength(1);
    // Each namespace's own middleware took the fresh token (its own expiry timer now follows it).
    for (const [i, nsp] of NAMESPACES.entries()) {
      expect((server.sockets(nsp)[0]!.data as { expiresAt: number }).expiresAt).toBe(handles[i]!.expiresAt);
    }
  });
});

describe("joining and dropping", () => {
  it("a namespace joining after in-place rotations presents the current token, not the engine's first (expired) one", async () => {
    const server = await namespaceServer(fx, { style: "authenticateSockets", namespaces: ["/chat", "/news"] });
    const session = await signedIn(fx, "late-join", 4_000); // its first rotation after the hello grant
    const [chat] = await openHandles(fx, server, session, ["/chat"]);
    const { statuses } = watch([chat!]);
    const first = session.token!;
    const exp = JSON.parse(Buffer.from(first.split(".")[1]!, "base64url").toString()).exp * 1000;
    // The engine's handshake still carries the first token, long expired: /chat moved on in place (a later rotation
    // may be under way at this moment: "refreshing" is fine, a reconnect is not).
    await until(() => Date.now() > exp + 300, "the first token to expire", 6_000);
    await connected(chat!);
    expect(statuses[0]).not.toContain("reconnecting");
    expect(server.enginesMade).toBe(1);
    const [news] = await openHandles(fx, server, session, ["/news"]);
    expect(news!.socket.io === chat!.socket.io).toBe(true);
    const joined = server.handshakesOf("/news");
    expect(joined).toHaveLength(1);
    expect(joined[0]!.token).not.toBe(first);
    expect(server.enginesMade).toBe(1);
  });

  it.each(STYLES)("a dropped engine comes back once for every namespace, each handle on its own (%s)", async (style) => {
    const server = await namespaceServer(fx, { style, namespaces: NAMESPACES });
    const session = await signedIn(fx, `drop-${style}`);
    const handles = await openHandles(fx, server, session, NAMESPACES, { reconnectionDelay: 50, reconnectionDelayMax: 200 });
    const { statuses } = watch(handles);
    const [serverSocket] = server.sockets("/chat");
    (serverSocket!.conn as unknown as { close(): void }).close(); // a network drop: the engine connection goes
    await until(() => statuses.every((s) => s.includes("reconnecting")), "every handle reconnecting");
    await Promise.all(handles.map((h) => connected(h)));
    expect(server.enginesMade).toBe(2);
    for (const nsp of NAMESPACES) expect(server.handshakesOf(nsp)).toHaveLength(2);
    expect(session.refreshes).toBe(0);
  });
});

describe("by reconnect, against a server written as in SuperTokens' guide on every namespace", () => {
  it("rotate(): one refresh, the shared engine reopened ONCE with the new token in its query, every namespace back", async () => {
    const server = await namespaceServer(fx, { style: "guide", namespaces: NAMESPACES });
    const session = await signedIn(fx, "reopen");
    const handles = await openHandles(fx, server, session, NAMESPACES, { ackTimeoutMs: 300 });
    // This server never answers the hello probe: nothing is granted, so rotations reconnect.
    const sockets = handles.map((h) => h.socket);
    const received = handles.map(() => [] as number[]);
    handles.forEach((h, i) => h.socket.on("n" as never, ((n: number) => received[i]!.push(n)) as never));
    const { tokens, statuses } = watch(handles);
    const all = handles.map((h) => nextEvent(h, "token"));
    handles[1]!.rotate();
    await Promise.all(all);
    await Promise.all(handles.map((h) => connected(h)));

    expect(session.refreshes).toBe(1);
    expect(server.enginesMade).toBe(2);
    for (const nsp of NAMESPACES) {
      const [first, second, ...more] = server.handshakesOf(nsp);
      expect(more).toEqual([]);
      expect(second!.token).toBe(session.token);
      expect(second!.engine).not.toBe(first!.engine);
    }
    expect(queryToken(handles[0]!)).toBe(session.token);
    // Per handle: its own reconnecting → connected and its own token event; the same Socket, listeners and all.
    for (const [i, h] of handles.entries()) {
      expect(tokens[i]).toEqual([{ expiresAt: h.expiresAt, inPlace: false }]);
      expect(statuses[i]!.at(-1)).toBe("connected");
      expect(statuses[i]).toContain("reconnecting");
      expect(h.socket === sockets[i]).toBe(true);
    }
    const stream = server.stream();
    try {
      await until(() => received.every((r) => r.length >= 3), "messages on every namespace after the rotation");
    } finally {
      stream.stop();
    }
  });

  it("with reconnection: false, another namespace's rotation by reconnect is no drop: every handle comes back", async () => {
    const server = await namespaceServer(fx, { style: "guide", namespaces: NAMESPACES });
    const session = await signedIn(fx, "no-retries");
    const handles = await openHandles(fx, server, session, NAMESPACES, { reconnection: false });
    const all = handles.map((h) => nextEvent(h, "token"));
    handles[2]!.rotate();
    await Promise.all(all);
    await Promise.all(handles.map((h) => connected(h)));
    expect(handles.map((h) => h.error)).toEqual([undefined, undefined, undefined]);
    expect(server.enginesMade).toBe(2);
  });

  it("3 s tokens on their own schedule: one engine connection and one refresh per rotation, every handshake fresh", async () => {
    const server = await namespaceServer(fx, { style: "guide", namespaces: NAMESPACES });
    const session = await signedIn(fx, "reopen-timed", 3_000);
    const handles = await openHandles(fx, server, session, NAMESPACES, { ackTimeoutMs: 300 });
    const { tokens } = watch(handles);
    const refreshesBefore = session.refreshes;
    await until(() => tokens.every((t) => t.length >= 2), "two rotations on every namespace", 15_000);
    await Promise.all(handles.map((h) => connected(h)));
    const rotations = Math.min(...tokens.map((t) => t.length));
    const refreshes = session.refreshes - refreshesBefore;
    expect(refreshes).toBeLessThanOrEqual(rotations + 1);
    // One engine per rotation (plus the first), not one per namespace per rotation.
    expect(server.enginesMade).toBeLessThanOrEqual(refreshes + 1);
    for (const nsp of NAMESPACES) expect(server.handshakesOf(nsp).length).toBeLessThanOrEqual(refreshes + 1);
    for (const { token, at } of server.handshakes) {
      const exp = JSON.parse(Buffer.from(token!.split(".")[1]!, "base64url").toString()).exp * 1000;
      expect(at).toBeLessThan(exp);
    }
  });
});

describe('in cookie mode (the page holds no token: every rotation reconnects)', () => {
  it("rotate(): the shared engine reopens once, and every namespace comes back on it", async () => {
    const server = await namespaceServer(fx, { style: "open", namespaces: ["/chat", "/news"] });
    const session = await signedIn(fx, "cookie");
    const payload = () => JSON.parse(Buffer.from(session.token!.split(".")[1]!, "base64url").toString());
    const handles = await openHandles(fx, server, session, ["/chat", "/news"], {
      tokenIn: "cookie",
      getAccessToken: async () => undefined,
      doesSessionExist: async () => session.token !== undefined,
      getAccessTokenPayload: async () => payload(),
    });
    const { tokens } = watch(handles);
    const all = handles.map((h) => nextEvent(h, "token"));
    handles[0]!.rotate();
    await Promise.all(all);
    expect(session.refreshes).toBe(1);
    expect(server.enginesMade).toBe(2);
    for (const nsp of ["/chat", "/news"]) expect(server.handshakesOf(nsp)).toHaveLength(2);
    expect(tokens.map((t) => t.map((e) => e.inPlace))).toEqual([[false], [false]]);
  });
});
