// tokenIn: "cookie": the page holds no token; the browser's cookie carries it (shown in Chromium, test/browser).
// Here: what the client itself does in that mode, against a plain socket.io server that records handshakes.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { Server } from "socket.io";
import { createAuthedSocket, handleSessionEvent, NotLoggedInError, type AuthedSocket, type TokenEvent } from "supertokens-socket";
import { startIssuer, type Issuer } from "../support/jwks";
import { fakeSession, type FakeSession } from "../support/fakeSession";
import { nextEvent, until } from "../support/wait";

let issuer: Issuer;
let io: Server;
let url: string;
const handshakes: { query: Record<string, unknown>; auth: Record<string, unknown> }[] = [];
const handles: AuthedSocket[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  const http = createServer();
  io = new Server(http);
  io.use((socket, next) => {
    handshakes.push({ query: { ...socket.handshake.query }, auth: { ...socket.handshake.auth } });
    next();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => io.close(resolve));
  await issuer.close();
});
afterEach(() => handles.splice(0).forEach((h) => h.close()));

/** What supertokens-web-js offers in cookie mode without exposure: a session check and the front token's payload. */
function cookieSession(session: FakeSession) {
  const payload = () => JSON.parse(Buffer.from(session.token!.split(".")[1]!, "base64url").toString());
  return {
    getAccessToken: async () => undefined,
    attemptRefreshingSession: session.attemptRefreshingSession,
    doesSessionExist: async () => session.token !== undefined,
    getAccessTokenPayload: async () => payload(),
    tokenIn: "cookie" as const,
  };
}

describe('tokenIn: "cookie"', () => {
  it("sends no token in the query or the auth payload, and asks for credentials", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 60_000 });
    await session.signIn("nia");
    const handle = await createAuthedSocket(url, cookieSession(session));
    handles.push(handle);
    await nextEvent(handle, "status", (s) => s === "connected");
    const { query, auth } = handshakes.at(-1)!;
    expect(query.token).toBeUndefined();
    expect(auth).toEqual({});
    expect(JSON.stringify({ query, auth })).not.toContain(session.token!.split(".")[2]);
    expect(handle.socket.io.opts.withCredentials).toBe(true);
  });

  it("rotates by reconnecting (there is no token to hand over), timed from the front token's expiry", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 3_000 });
    await session.signIn("oli");
    const handle = await createAuthedSocket(url, cookieSession(session));
    handles.push(handle);
    const tokens: TokenEvent[] = [];
    handle.on("token", (e) => tokens.push(e));
    await until(() => tokens.length >= 3, "two rotations", 10_000);
    expect(tokens.every((t) => !t.inPlace)).toBe(true);
    expect(session.refreshes).toBeGreaterThanOrEqual(2);
    expect(io.of("/").sockets.size).toBe(1);
  });

  it("still says NotLoggedInError without a session, and closes on sign-out", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 60_000 });
    await expect(createAuthedSocket(url, cookieSession(session))).rejects.toBeInstanceOf(NotLoggedInError);
    await session.signIn("pat");
    const handle = await createAuthedSocket(url, cookieSession(session));
    handles.push(handle);
    await nextEvent(handle, "status", (s) => s === "connected");
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(handle.status).toBe("unauthenticated");
  });
});
