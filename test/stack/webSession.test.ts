// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import SuperTokens from "supertokens-web-js/index.js";
import * as Session from "supertokens-web-js/recipe/session/index.js";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { startStack, type Stack } from "../../demo/stack";
import { connectChat, whoami } from "./support/socketClient";
import { untilExpired } from "./support/untilExpired";
import { signIn } from "./support/signIn";

/*
 * The real supertokens-web-js (header mode, under jsdom) against the real supertokens-node over the emulated core.
 * The stack runs in this same process: the emulator signs with node:crypto and jose verifies RS256 keys fine here
 * (jsdom's realm only trips jose on byte-array keys).
 */

// Captured before SuperTokens.init patches the global fetch, for requests the SDK must not touch.
const unpatchedFetch = globalThis.fetch;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ accessTokenLifetimeMs: 3000, tokenTransferMethod: "header" });
  SuperTokens.init({
    appInfo: { apiDomain: stack.apiDomain, apiBasePath: "/auth", appName: "supertokens-socket stack test" },
    recipeList: [Session.init({ tokenTransferMethod: "header" })],
  });
});

afterAll(() => stack.close());

beforeEach(async () => {
  stack.core.failRefresh = undefined;
  if (await Session.doesSessionExist()) await Session.signOut();
  stack.core.resetCalls();
});

// supertokens-node asked the emulator for nothing it does not know.
afterEach(() => expect(stack.core.unhandled).toEqual([]));

async function accessToken(): Promise<string> {
  const token = await Session.getAccessToken();
  if (token === undefined) throw new Error("no access token");
  return token;
}

/** Header mode keeps the refresh token in a cookie of the page's domain. */
function refreshTokenCookie(): string {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("st-refresh-token="));
  if (!cookie) throw new Error("no refresh token cookie");
  return decodeURIComponent(cookie.slice("st-refresh-token=".length));
}

describe("a session from the real SDKs", () => {
  it("exists after sign-in, with an access token that verifies against the backend's JWKS", async () => {
    const { sessionHandle } = await signIn(stack, "alice");
    expect(await Session.doesSessionExist()).toBe(true);

    const token = await accessToken();
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(stack.jwksUri)));
    expect(payload).toMatchObject({ sub: "alice", rsub: "alice", tId: "public", sessionHandle });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "RS256", typ: "JWT", version: "5" });
    expect(decodeProtectedHeader(token).kid).toMatch(/^d-/);
    // A 3 s lifetime in whole seconds: 2 to 3 s left.
    expect(payload.exp! * 1000 - Date.now()).toBeLessThanOrEqual(3000);
  });

  it("opens a socket on the API's own host with the token getAccessToken gives", async () => {
    await signIn(stack, "alice");
    const socket = await connectChat(stack.socketUrl, await accessToken());
    try {
      expect(await whoami(socket)).toBe("alice");
    } finally {
      socket.close();
    }
  });

  it("rotates on attemptRefreshingSession: a new access token, one refresh on the core", async () => {
    await signIn(stack, "alice");
    const before = await accessToken();

    expect(await Session.attemptRefreshingSession()).toBe(true);

    const after = await accessToken();
    expect(after).not.toBe(before);
    expect(stack.core.refreshes).toBe(1);
    // Issued by a refresh: it names its parent refresh token until the first API call promotes the new one.
    expect(decodeJwt(after).parentRefreshTokenHash1).toEqual(expect.any(String));
  });

  it("refreshes on its own in getAccessToken once the short-lived token has expired", async () => {
    await signIn(stack, "alice");
    const before = await accessToken();
    await untilExpired(before);

    const after = await accessToken();
    expect(after).not.toBe(before);
    expect(stack.core.refreshes).toBe(1);
  });

  it("gets a replacement token from the first API call after a refresh, without a refresh (the core's verify)", async () => {
    await signIn(stack, "alice");
    await Session.attemptRefreshingSession();
    const refreshed = await accessToken();

    const me = await fetch(`${stack.apiDomain}/me`);
    expect(await me.json()).toMatchObject({ userId: "alice" });

    const replaced = await accessToken();
    expect(replaced).not.toBe(refreshed);
    expect(decodeJwt(replaced).parentRefreshTokenHash1).toBeNull();
    expect(stack.core.verifies).toBe(1);
    expect(stack.core.refreshes).toBe(1);

    // The new refresh token is promoted now: later calls verify locally and keep the token.
    await fetch(`${stack.apiDomain}/me`);
    expect(await accessToken()).toBe(replaced);
    expect(stack.core.verifies).toBe(1);
  });

  it("ends at the next refresh once the backend revoked it; until then the access token still works", async () => {
    const { sessionHandle } = await signIn(stack, "alice");

    expect(await stack.revoke(sessionHandle)).toEqual([sessionHandle]);
    expect(stack.core.hasSession(sessionHandle)).toBe(false);
    // Stateless access tokens: revocation shows at the next refresh, not before.
    expect((await fetch(`${stack.apiDomain}/me`)).status).toBe(200);

    expect(await Session.attemptRefreshingSession()).toBe(false);
    expect(await Session.doesSessionExist()).toBe(false);
    expect(await Session.getAccessToken()).toBeUndefined();
  });

  it("survives a failing refresh endpoint: attemptRefreshingSession throws, getAccessToken is undefined, the session stays", async () => {
    await signIn(stack, "alice");
    const token = await accessToken();
    stack.core.failRefresh = 500;

    // The SDK throws the backend's Response (status 500: supertokens-node's answer to a core failure).
    await expect(Session.attemptRefreshingSession()).rejects.toMatchObject({ status: 500 });
    await untilExpired(token);
    expect(await Session.getAccessToken()).toBeUndefined();

    stack.core.failRefresh = undefined;
    expect(await Session.attemptRefreshingSession()).toBe(true);
    expect(await Session.getAccessToken()).toEqual(expect.any(String));
  });

  it("ends on signOut, on the core too", async () => {
    const { sessionHandle } = await signIn(stack, "alice");

    await Session.signOut();

    expect(await Session.doesSessionExist()).toBe(false);
    expect(await Session.getAccessToken()).toBeUndefined();
    expect(stack.core.hasSession(sessionHandle)).toBe(false);
  });

  it("detects theft when a refresh token is reused after its child was used: 401, and the session is gone", async () => {
    const { sessionHandle } = await signIn(stack, "alice");
    const stolen = refreshTokenCookie();
    await Session.attemptRefreshingSession();
    // The first API call with the new access token promotes the new refresh token.
    await fetch(`${stack.apiDomain}/me`);

    const reuse = await unpatchedFetch(`${stack.apiDomain}/auth/session/refresh`, {
      method: "POST",
      headers: { authorization: `Bearer ${stolen}`, "st-auth-mode": "header", rid: "session" },
    });

    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toEqual({ message: "token theft detected" });
    expect(stack.core.hasSession(sessionHandle)).toBe(false);
    expect(await Session.attemptRefreshingSession()).toBe(false);
  });
});
