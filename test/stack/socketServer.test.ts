import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../../demo/stack";
import type { ChatMessage } from "../../demo/socketServer";
import { refreshWith, signInForTokens } from "./support/signInForTokens";
import { connectChat, nextSocketEvent, whoami, type ChatSocket } from "./support/socketClient";

/* The demo's socket server behind supertokens-socket/server, with sessions from the real supertokens-node backend. */

let stack: Stack;
const sockets: ChatSocket[] = [];

beforeAll(async () => {
  stack = await startStack({ accessTokenLifetimeMs: 60_000, tokenTransferMethod: "header" });
});
afterAll(() => stack.close());
afterEach(() => {
  sockets.splice(0).forEach((socket) => socket.close());
  // supertokens-node asked the emulator for nothing it does not know.
  expect(stack.core.unhandled).toEqual([]);
});

async function connectAs(name: string) {
  const session = await signInForTokens(stack.apiDomain, name);
  const socket = await connectChat(stack.socketUrl, session.accessToken);
  sockets.push(socket);
  return { session, socket };
}

describe("the demo socket server", () => {
  it("admits a socket with the session's access token, and whoami answers its user", async () => {
    const { socket } = await connectAs("alice");
    expect(await whoami(socket)).toBe("alice");
  });

  it("broadcasts chat messages with the sender's user id", async () => {
    const alice = await connectAs("alice");
    const bob = await connectAs("bob");
    const received = nextSocketEvent<[ChatMessage]>(bob.socket, "chat");

    alice.socket.emit("chat", "hello");

    expect(await received).toEqual([{ from: "alice", text: "hello" }]);
  });

  it("refuses a handshake without a valid token: 'Authentication error' with a code", async () => {
    const missing = await connectChat(stack.socketUrl).catch((error: unknown) => error);
    expect(missing).toMatchObject({ message: "Authentication error", data: { code: "TOKEN_MISSING" } });

    const { accessToken } = await signInForTokens(stack.apiDomain, "mallory");
    const [header, payload] = accessToken.split(".");
    const forged = await connectChat(stack.socketUrl, `${header}.${payload}.AAAA`).catch((error: unknown) => error);
    expect(forged).toMatchObject({ message: "Authentication error", data: { code: "TOKEN_INVALID" } });
  });

  it("disconnects a session's sockets when the backend revokes it, and only that session's", async () => {
    const alice = await connectAs("alice");
    const bob = await connectAs("bob");
    const disconnected = nextSocketEvent<[string]>(alice.socket, "disconnect");

    await stack.revoke(alice.session.sessionHandle);

    expect((await disconnected)[0]).toBe("io server disconnect");
    expect(await whoami(bob.socket)).toBe("bob");
  });

  it("refuses a revoked session's still-valid access token (checkDatabase)", async () => {
    const { session } = await connectAs("alice");
    await stack.revoke(session.sessionHandle);

    const again = await connectChat(stack.socketUrl, session.accessToken).catch((error: unknown) => error);

    expect(again).toMatchObject({ message: "Authentication error", data: { code: "TOKEN_INVALID" } });
  });

  it("disconnects every session of a user revoked by user id, and nobody else's", async () => {
    const [one, two, bob] = await Promise.all([connectAs("carol"), connectAs("carol"), connectAs("bob")]);
    const endings = [one, two].map(({ socket }) => nextSocketEvent<[string]>(socket, "disconnect"));

    const res = await fetch(`${stack.apiDomain}/admin/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: "carol" }),
    });

    expect(((await res.json()) as { sessionHandlesRevoked: string[] }).sessionHandlesRevoked.sort()).toEqual(
      [one.session.sessionHandle, two.session.sessionHandle].sort(),
    );
    expect((await Promise.all(endings)).map(([reason]) => reason)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await whoami(bob.socket)).toBe("bob");
  });

  it("disconnects a session's sockets on sign-out, and leaves the user's other sessions", async () => {
    const { session, socket } = await connectAs("alice");
    const elsewhere = await connectAs("alice");
    const disconnected = nextSocketEvent<[string]>(socket, "disconnect");

    const signOut = await fetch(`${stack.apiDomain}/auth/signout`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.accessToken}`, "st-auth-mode": "header", rid: "session" },
    });

    expect(signOut.status).toBe(200);
    expect((await disconnected)[0]).toBe("io server disconnect");
    expect(await whoami(elsewhere.socket)).toBe("alice");
    expect(stack.core.hasSession(elsewhere.session.sessionHandle)).toBe(true);
  });

  it("disconnects a session's sockets when token theft ends it, and nobody else's", async () => {
    const { session, socket } = await connectAs("alice");
    const bystander = await connectAs("alice");
    const disconnected = nextSocketEvent<[string]>(socket, "disconnect");
    const child = await refreshWith(stack.apiDomain, session.refreshToken);
    await refreshWith(stack.apiDomain, child.headers.get("st-refresh-token")!);

    const reuse = await refreshWith(stack.apiDomain, session.refreshToken);

    expect(reuse.status).toBe(401);
    expect((await disconnected)[0]).toBe("io server disconnect");
    expect(await whoami(bystander.socket)).toBe("alice");
  });
});
