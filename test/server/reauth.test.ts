import { describe, expect, it } from "vitest";
import { decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import type { Socket as ClientSocket } from "socket.io-client";
import { HELLO_EVENT, REAUTH_EVENT, type HelloAck, type ReauthAck } from "../../src/core/protocol";
import { nextEvent } from "../support/authServer";
import type { AuthenticatedSocketData } from "supertokens-socket/server";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

const whoami = (socket: ClientSocket) => socket.timeout(5000).emitWithAck("whoami") as Promise<AuthenticatedSocketData>;
const reauth = (socket: ClientSocket, request: unknown) =>
  socket.timeout(5000).emitWithAck(REAUTH_EVENT, request) as Promise<ReauthAck>;
const expOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).exp as number;

describe("hello", () => {
  it("answers protocol 1 with re-authentication for a token handshake", async () => {
    const { url } = await fx.server();
    const socket = await fx.connect(url, { auth: { token: await fx.issuer.sign({ sub: "u1" }) } });
    expect(await socket.timeout(5000).emitWithAck(HELLO_EVENT)).toEqual({ protocol: 1, reauth: true } satisfies HelloAck);
  });

  it("answers reauth false in cookie mode, where the page cannot read the token", async () => {
    const { url } = await fx.server({ allowedOrigins: ["https://app.example.com"] });
    const token = await fx.issuer.sign({ sub: "u1" });
    const socket = await fx.connect(url, { extraHeaders: { cookie: `sAccessToken=${token}`, origin: "https://app.example.com" } });
    expect(await socket.timeout(5000).emitWithAck(HELLO_EVENT)).toEqual({ protocol: 1, reauth: false });
  });
});

describe("in-place re-authentication", () => {
  it("accepts a fresh token of the same user: new data, and the socket outlives its first token", async () => {
    const { url } = await fx.server({ expiryGraceMs: 100 });
    const short = await fx.issuer.sign({ sub: "u1", lifetimeMs: 2000 });
    const renewed = await fx.connect(url, { auth: { token: short } });
    // A witness with the very same token, never renewed, shows when the old deadline has passed.
    const witness = await fx.connect(url, { auth: { token: short } });
    const fresh = await fx.issuer.sign({ sub: "u1", lifetimeMs: 60_000, sessionHandle: "sh-2", extra: { "st-role": { v: ["admin"] } } });
    expect(await reauth(renewed, { token: fresh })).toEqual({ ok: true, expiresAt: expOf(fresh) * 1000 });
    expect(await whoami(renewed)).toMatchObject({
      userId: "u1",
      sessionHandle: "sh-2",
      expiresAt: expOf(fresh) * 1000,
      payload: { "st-role": { v: ["admin"] } },
    });
    const [reason] = await nextEvent<[string]>(witness, "disconnect", 8000);
    expect(reason).toBe("io server disconnect");
    expect(renewed.connected).toBe(true);
    expect((await whoami(renewed)).userId).toBe("u1");
  });

  it("refuses forged, expired, other-user and malformed tokens, and keeps the old deadline", async () => {
    const { url } = await fx.server({ expiryGraceMs: 100 });
    const socket = await fx.connect(url, { auth: { token: await fx.issuer.sign({ sub: "u1", lifetimeMs: 2000 }) } });
    const before = await whoami(socket);

    const { privateKey } = await generateKeyPair("RS256");
    // Under the server's own kid, signed by another key.
    const { kid } = decodeProtectedHeader(await fx.issuer.sign({ sub: "u1" }));
    const forged = await new SignJWT({ sessionHandle: "sh-u1" })
      .setProtectedHeader({ alg: "RS256", kid: kid! })
      .setSubject("u1")
      .setExpirationTime("1h")
      .sign(privateKey);
    const refused = (code: string) => ({ ok: false, code, message: "Authentication error" });
    expect(await reauth(socket, { token: forged })).toEqual(refused("TOKEN_INVALID"));
    expect(await reauth(socket, { token: await fx.issuer.sign({ sub: "u1", lifetimeMs: -5000 }) })).toEqual(refused("TOKEN_EXPIRED"));
    expect(await reauth(socket, { token: await fx.issuer.sign({ sub: "u2", lifetimeMs: 60_000 }) })).toEqual(refused("TOKEN_INVALID"));
    expect(await reauth(socket, { token: "garbage" })).toEqual(refused("TOKEN_INVALID"));
    expect(await reauth(socket, { token: 42 })).toEqual(refused("TOKEN_INVALID"));
    expect(await reauth(socket, {})).toEqual(refused("TOKEN_MISSING"));
    expect(await reauth(socket, "a string")).toEqual(refused("TOKEN_MISSING"));
    expect(await reauth(socket, null)).toEqual(refused("TOKEN_MISSING"));

    expect(await whoami(socket)).toEqual(before);
    const [reason] = await nextEvent<[string]>(socket, "disconnect", 8000);
    expect(reason).toBe("io server disconnect");
    expect(Date.now()).toBeGreaterThanOrEqual(before.expiresAt + 100);
  });

  it("applies the same claim checks as the handshake", async () => {
    const { url } = await fx.server({ requireEmailVerified: true });
    const verified = { "st-ev": { v: true } };
    const socket = await fx.connect(url, { auth: { token: await fx.issuer.sign({ sub: "u1", extra: verified }) } });
    const unverified = await fx.issuer.sign({ sub: "u1", extra: { "st-ev": { v: false } } });
    expect(await reauth(socket, { token: unverified })).toMatchObject({ ok: false, code: "CLAIM_INVALID" });
    const ok = await fx.issuer.sign({ sub: "u1", lifetimeMs: 120_000, extra: verified });
    expect(await reauth(socket, { token: ok })).toEqual({ ok: true, expiresAt: expOf(ok) * 1000 });
  });

  it("ignores a re-authentication without an ack, and keeps serving", async () => {
    const { url } = await fx.server();
    const token = await fx.issuer.sign({ sub: "u1" });
    const socket = await fx.connect(url, { auth: { token } });
    const before = await whoami(socket);
    socket.emit(REAUTH_EVENT, { token: await fx.issuer.sign({ sub: "u1", lifetimeMs: 120_000 }) });
    socket.emit(REAUTH_EVENT);
    socket.emit(HELLO_EVENT, "no ack");
    const fresh = await fx.issuer.sign({ sub: "u1", lifetimeMs: 240_000 });
    expect(await reauth(socket, { token: fresh })).toEqual({ ok: true, expiresAt: expOf(fresh) * 1000 });
    expect(await whoami(socket)).toMatchObject({ userId: before.userId, expiresAt: expOf(fresh) * 1000 });
  });
});
