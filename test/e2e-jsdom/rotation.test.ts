// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import * as Session from "supertokens-web-js/recipe/session/index.js";
import { decodeJwt } from "jose";
import { AuthedSocketError, NotLoggedInError, createAuthedSocket, type AuthedSocketStatus, type TokenEvent } from "supertokens-socket";
import type { ChatClientEvents, ChatMessage, ChatServerEvents } from "../../demo/socketServer";
import { nextEvent, statusIs, until } from "../support/wait";
import { whoami } from "../stack/support/socketClient";
import { untilExpired } from "../stack/support/untilExpired";
import { sdkToken, serverSocketOf, signIn, useRealSdk, type ChatHandle } from "./support/realSdk";

/*
 * createAuthedSocket with its real defaults (supertokens-web-js's getAccessToken and attemptRefreshingSession), the
 * SDK in header mode under jsdom, against the real backend and the demo's socket server: tokens that live 3 s.
 */

const sdk = useRealSdk({ accessTokenLifetimeMs: 3000 });

async function connect(): Promise<ChatHandle> {
  const handle = sdk.track(await createAuthedSocket<ChatServerEvents, ChatClientEvents>(sdk.stack.socketUrl));
  await statusIs(handle, "connected");
  return handle;
}

/** Messages from the server that reach the handle's one `chat` listener, registered once. */
function serverMessages(handle: ChatHandle): string[] {
  const texts: string[] = [];
  handle.socket.on("chat", (message: ChatMessage) => {
    if (message.from === "server") texts.push(message.text);
  });
  return texts;
}

describe("real supertokens-web-js, header mode: rotation", () => {
  it("keeps one socket authenticated across several rotations, its listener alive, every token valid", async () => {
    const { stack } = sdk;
    const { sessionHandle } = await signIn(stack, "alice");
    const authed = await connect();
    const texts = serverMessages(authed);
    const tokens: TokenEvent[] = [];
    const statuses: AuthedSocketStatus[] = [];
    let disconnects = 0;
    authed.on("token", (event) => tokens.push(event));
    authed.on("status", (status) => statuses.push(status));
    authed.socket.on("disconnect", () => disconnects++);
    const socketId = authed.socket.id;

    const ROTATIONS = 4;
    const hashes = new Set<unknown>();
    for (let i = 0; i <= ROTATIONS; i++) {
      if (i > 0) await until(() => tokens.length >= i, `rotation ${i}`, 5000);
      const server = await serverSocketOf(stack, authed);
      expect(server?.id).toBe(socketId);
      // What the server accepted is this session's current token: unexpired, and a new one at each rotation.
      expect(server!.data).toMatchObject({ userId: "alice", sessionHandle });
      expect(server!.data.expiresAt).toBeGreaterThan(Date.now());
      hashes.add(server!.data.payload.refreshTokenHash1);
      expect(hashes.size).toBe(i + 1);
      if (i > 0) expect(tokens[i - 1]).toEqual({ expiresAt: server!.data.expiresAt, inPlace: true });

      server!.emit("chat", { from: "server", text: `tick ${i}` });
      await until(() => texts.length === i + 1, `tick ${i}`, 5000);
    }

    expect(texts).toEqual(["tick 0", "tick 1", "tick 2", "tick 3", "tick 4"]);
    expect(await whoami(authed.socket)).toBe("alice");
    // Handed over in place each time: the connection never dropped.
    expect(disconnects).toBe(0);
    expect(statuses.filter((s) => s !== "connected" && s !== "refreshing")).toEqual([]);
    expect(stack.core.refreshes).toBeGreaterThanOrEqual(ROTATIONS);
    // Every token the server was handed verified against the backend's JWKS when it arrived, with time to spare.
    const presented = await sdk.presented();
    expect(presented.length).toBe(ROTATIONS + 1);
    expect(presented.map((p) => p.via)).toEqual(["handshake", ...Array(ROTATIONS).fill("reauth")]);
    for (const p of presented) {
      expect(p.invalid).toBeUndefined();
      expect(p.payload).toMatchObject({ sub: "alice", sessionHandle });
      expect(p.leftMs).toBeGreaterThan(0);
    }
  }, 30_000);

  /** Signs in, connects, and refreshes once: the handle takes the new token in place. */
  async function connectAndRefresh(stack: typeof sdk.stack) {
    await signIn(stack, "alice");
    const authed = await connect();
    const refreshed = nextEvent(authed, "token", (event) => event.inPlace);
    expect(await Session.attemptRefreshingSession()).toBe(true);
    await refreshed;
    return authed;
  }

  it("uses a token that changed through an ordinary API response, without any refresh", async () => {
    const { stack } = sdk;
    // Long-lived tokens: no timer of the handle's interferes.
    stack.core.accessTokenLifetimeMs = 60_000;
    try {
      // A refresh: the new token names its parent refresh token until the first API call promotes the new one.
      const authed = await connectAndRefresh(stack);
      const onWire = (await serverSocketOf(stack, authed))!.data.payload;
      expect(onWire.parentRefreshTokenHash1).toEqual(expect.any(String));
      const refreshes = stack.core.refreshes;
      // The socket server verifies through supertokens-node too (checkDatabase): count /me's calls only.
      const verifies = stack.core.verifies;

      // /me: the backend's verify on the core promotes the refresh token and answers with a replacement token.
      // Whatever the SDK fires meanwhile is kept from the handle: the token changes under it with no event.
      sdk.forward = false;
      sdk.events.length = 0;
      expect((await fetch(`${stack.apiDomain}/me`)).status).toBe(200);
      sdk.forward = true;
      const replacement = decodeJwt(await sdkToken());
      expect(replacement.parentRefreshTokenHash1 ?? null).toBeNull();
      expect(stack.core.verifies - verifies).toBe(1);
      expect((await serverSocketOf(stack, authed))!.data.payload.parentRefreshTokenHash1).toEqual(onWire.parentRefreshTokenHash1);
      // No refresh event. The SDK does fire ACCESS_TOKEN_PAYLOAD_UPDATED (the front token's payload lost its
      // parentRefreshTokenHash1); it was kept from the handle above, as another tab's change would be.
      expect(sdk.events).toEqual(["ACCESS_TOKEN_PAYLOAD_UPDATED"]);

      // The handle's next look (a rotation request) finds the replacement and puts it on the wire as it is.
      const handedOver = nextEvent(authed, "token");
      authed.rotate();
      expect(await handedOver).toMatchObject({ inPlace: true });
      expect((await serverSocketOf(stack, authed))!.data.payload).toEqual(replacement);
      expect(stack.core.refreshes).toBe(refreshes);
      expect(await whoami(authed.socket)).toBe("alice");
    } finally {
      stack.core.accessTokenLifetimeMs = 3000;
    }
  });

  it("follows that replacement by itself when the app forwards the SDK's events, still without a refresh", async () => {
    const { stack } = sdk;
    stack.core.accessTokenLifetimeMs = 60_000;
    try {
      const authed = await connectAndRefresh(stack);
      const refreshes = stack.core.refreshes;

      const handedOver = nextEvent(authed, "token");
      expect((await fetch(`${stack.apiDomain}/me`)).status).toBe(200);
      expect(await handedOver).toMatchObject({ inPlace: true });

      const replacement = decodeJwt(await sdkToken());
      expect(replacement.parentRefreshTokenHash1 ?? null).toBeNull();
      expect((await serverSocketOf(stack, authed))!.data.payload).toEqual(replacement);
      expect(stack.core.refreshes).toBe(refreshes);
    } finally {
      stack.core.accessTokenLifetimeMs = 3000;
    }
  });
});

describe("real supertokens-web-js, header mode: the refresh endpoint failing", () => {
  it("createAuthedSocket with an expired token rejects with REFRESH_FAILED, not NotLoggedInError, and opens nothing", async () => {
    const { stack } = sdk;
    await signIn(stack, "alice");
    const token = await sdkToken();
    stack.core.failRefresh = 500;
    await untilExpired(token);

    const error = await createAuthedSocket(stack.socketUrl).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(AuthedSocketError);
    expect(error).not.toBeInstanceOf(NotLoggedInError);
    expect(error).toMatchObject({ code: "REFRESH_FAILED" });
    expect(stack.core.refreshes).toBeGreaterThanOrEqual(1);
    expect(sdk.engineConnections).toBe(0);
    // The session is still there: it works again once the endpoint does.
    stack.core.failRefresh = undefined;
    expect(await Session.doesSessionExist()).toBe(true);
  });

  it("a live handle reports REFRESH_FAILED as a non-fatal error event, and recovers when the endpoint does", async () => {
    const { stack } = sdk;
    await signIn(stack, "alice");
    const authed = await connect();
    const ended: unknown[] = [];
    authed.on("unauthenticated", (event) => ended.push(event));
    stack.core.failRefresh = 500;

    const error = await nextEvent(authed, "error", () => true, 5000);

    expect(error).toBeInstanceOf(AuthedSocketError);
    expect(error).not.toBeInstanceOf(NotLoggedInError);
    expect(error.code).toBe("REFRESH_FAILED");
    expect(authed.status).not.toBe("unauthenticated");

    stack.core.failRefresh = undefined;
    await nextEvent(authed, "token", () => true, 15_000);
    await statusIs(authed, "connected");
    expect(await whoami(authed.socket)).toBe("alice");
    expect(ended).toEqual([]);
    const presented = await sdk.presented();
    expect(presented.every((p) => p.invalid === undefined)).toBe(true);
  }, 25_000);
});
