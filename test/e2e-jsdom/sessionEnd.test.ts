// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import * as Session from "supertokens-web-js/recipe/session/index.js";
import { NotLoggedInError, createAuthedSocket, type UnauthenticatedEvent } from "supertokens-socket";
import type { ChatClientEvents, ChatServerEvents } from "../../demo/socketServer";
import { nextEvent, statusIs, until } from "../support/wait";
import { serverSocketOf, signIn, useRealSdk, type ChatHandle } from "./support/realSdk";

/*
 * How a handle on the real supertokens-web-js (header mode, jsdom) ends with its session: sign-out in this tab, a
 * revocation on the backend, and no session at all.
 */

const sdk = useRealSdk({ accessTokenLifetimeMs: 3000 });

async function connect(): Promise<ChatHandle> {
  const handle = sdk.track(await createAuthedSocket<ChatServerEvents, ChatClientEvents>(sdk.stack.socketUrl));
  await statusIs(handle, "connected");
  return handle;
}

/** The server-side socket of the handle, and a promise of the reason it leaves with. */
async function serverSide(handle: ChatHandle): Promise<{ id: string; left: Promise<string> }> {
  const found = await serverSocketOf(sdk.stack, handle);
  expect(found).toBeDefined();
  const socket = sdk.stack.io.sockets.sockets.get(found!.id)!;
  return { id: socket.id, left: new Promise<string>((resolve) => socket.once("disconnect", resolve)) };
}

// The sign-out test runs first, on purpose: a refresh that its ENDED handle started (kicked by the server during the
// sign-out) may still be in flight when the revocation test's handle, of the NEXT session, needs one. A refresh is
// shared only within one session, so that handle makes its own and ends "session-expired" (issue 12, defect 3).
describe("real supertokens-web-js, header mode: the end of a session", () => {
  it("Session.signOut() closes the socket: unauthenticated, reason signed-out, and the server sees it leave", async () => {
    const { stack } = sdk;
    await signIn(stack, "alice");
    const authed = await connect();
    const { left } = await serverSide(authed);
    const ended = nextEvent(authed, "unauthenticated");

    await Session.signOut();

    expect(await ended).toEqual({ reason: "signed-out" });
    expect(authed.status).toBe("unauthenticated");
    expect(authed.socket.connected).toBe(false);
    expect(await left).toEqual(expect.any(String));
    expect(sdk.events).toContain("SIGN_OUT");
    await until(() => stack.io.sockets.sockets.size === 0, "the server to hold no socket", 5000);
  });

  it("a session revoked on the backend ends the socket: unauthenticated, reason session-expired", async () => {
    const { stack } = sdk;
    const { sessionHandle } = await signIn(stack, "alice");
    const authed = await connect();
    const { left } = await serverSide(authed);
    const ended = nextEvent(authed, "unauthenticated", () => true, 10_000);
    const statuses: string[] = [];
    authed.on("status", (status) => statuses.push(status));

    expect(await stack.revoke(sessionHandle)).toEqual([sessionHandle]);

    // No push reaches the page: the server ends the connection; the handle refreshes before it would reconnect, the
    // refresh answers 401 (the session is gone on the core), and the SDK fires UNAUTHORISED.
    expect(await left).toBe("server namespace disconnect");
    const event: UnauthenticatedEvent = await ended;
    expect(event.reason).toBe("session-expired");
    expect(authed.status).toBe("unauthenticated");
    expect(authed.socket.connected).toBe(false);
    expect(stack.core.refreshes).toBe(1);
    expect(sdk.events).toContain("UNAUTHORISED");
    expect(await Session.doesSessionExist()).toBe(false);
    // It never came back on the revoked session's still-valid access token.
    expect(statuses).not.toContain("connected");
    expect((await sdk.presented()).length).toBe(1);
  });

  it("a logged-out page gets NotLoggedInError and opens nothing", async () => {
    const { stack } = sdk;
    expect(await Session.doesSessionExist()).toBe(false);

    const error = await createAuthedSocket(stack.socketUrl).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(NotLoggedInError);
    expect(error).toMatchObject({ code: "NOT_LOGGED_IN" });
    // No handshake of any kind reached the socket server.
    expect(sdk.engineConnections).toBe(0);
    expect(stack.io.sockets.sockets.size).toBe(0);
  });
});
