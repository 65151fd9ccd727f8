import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKeyPair, SignJWT, type JWK } from "jose";
import { Server, type DefaultEventsMap } from "socket.io";
import { authenticateSockets, SocketAuthError, type AuthenticatedSocketData } from "supertokens-socket/server";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A well-formed RS256 token signed by a key the issuer never published. */
async function forgedToken(sub: string, kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT({ sessionHandle: "sh-forged" })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid, version: "5" })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(privateKey);
}

async function issuerKid(): Promise<{ kid: string; jwk: JWK }> {
  const { keys } = (await (await fetch(fx.issuer.jwksUri)).json()) as { keys: (JWK & { kid: string })[] };
  return { kid: keys[0]!.kid, jwk: keys[0]! };
}

describe("handshake rejections", () => {
  it("refuses a handshake without a token: TOKEN_MISSING", async () => {
    const { url } = await fx.server();
    expect(await fx.attempt(url, {})).toBe("TOKEN_MISSING");
  });

  it("refuses an empty token: TOKEN_MISSING", async () => {
    const { url } = await fx.server();
    expect(await fx.attempt(url, { query: { token: "" } })).toBe("TOKEN_MISSING");
    expect(await fx.attempt(url, { auth: { token: "" } })).toBe("TOKEN_MISSING");
  });

  it("refuses a non-string token in auth: TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    expect(await fx.attempt(url, { auth: { token: { nested: true } } })).toBe("TOKEN_INVALID");
  });

  it("refuses a validly signed token over 8 KiB before fetching any key: TOKEN_INVALID; accepts one just under", async () => {
    const { url } = await fx.server();
    const padded = (chars: number) => fx.issuer.sign({ sub: "u1", extra: { pad: "x".repeat(chars) } });
    const base = (await padded(0)).length;
    // base64url turns 3 payload bytes into 4 characters
    const under = await padded(Math.floor(((8192 - base) * 3) / 4) - 8);
    const over = await padded(Math.floor(((8192 - base) * 3) / 4) + 8);
    expect(under.length).toBeLessThanOrEqual(8192);
    expect(over.length).toBeGreaterThan(8192);
    expect(await fx.attempt(url, { auth: { token: over } })).toBe("TOKEN_INVALID");
    expect(fx.issuer.fetches).toBe(0);
    expect(await fx.attempt(url, { auth: { token: under } })).toBe("connected");
  });

  it("honours a custom maxTokenLength", async () => {
    const { url } = await fx.server({ maxTokenLength: 100 });
    expect(await fx.attempt(url, { auth: { token: await fx.issuer.sign({ sub: "u1" }) } })).toBe("TOKEN_INVALID");
    expect(fx.issuer.fetches).toBe(0);
  });

  it("refuses garbage: TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    expect(await fx.attempt(url, { query: { token: "not-a-jwt" } })).toBe("TOKEN_INVALID");
    expect(await fx.attempt(url, { query: { token: "a.b.c" } })).toBe("TOKEN_INVALID");
  });

  it("refuses an unsigned token (alg none): TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ sub: "u1", sessionHandle: "sh", exp: now + 3600 })}.`;
    expect(await fx.attempt(url, { query: { token } })).toBe("TOKEN_INVALID");
  });

  it("refuses HS256 signed with the issuer's public key as the secret: TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    const { kid, jwk } = await issuerKid();
    const pem = createPublicKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" }).export({ type: "spki", format: "pem" });
    const token = await new SignJWT({ sessionHandle: "sh" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid })
      .setSubject("u1")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(pem.toString()));
    expect(await fx.attempt(url, { query: { token } })).toBe("TOKEN_INVALID");
  });

  it("refuses a token whose kid is unknown: TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    expect(await fx.attempt(url, { query: { token: await forgedToken("u1", "d-unknown") } })).toBe("TOKEN_INVALID");
  });

  it("refuses a token signed by another key under the issuer's kid: TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    const { kid } = await issuerKid();
    expect(await fx.attempt(url, { query: { token: await forgedToken("u1", kid) } })).toBe("TOKEN_INVALID");
  });

  it("refuses an expired token: TOKEN_EXPIRED", async () => {
    const { url } = await fx.server();
    const token = await fx.issuer.sign({ sub: "u1", lifetimeMs: -5000 });
    expect(await fx.attempt(url, { query: { token } })).toBe("TOKEN_EXPIRED");
  });

  it("refuses a token that is not valid yet (nbf in the future): TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    const token = await fx.issuer.sign({ sub: "u1", extra: { nbf: Math.floor(Date.now() / 1000) + 600 } });
    expect(await fx.attempt(url, { query: { token } })).toBe("TOKEN_INVALID");
  });

  it("checks iss when issuer is configured: wrong issuer TOKEN_INVALID, right one accepted", async () => {
    const { url } = await fx.server({ issuer: "https://api.example.com/auth" });
    const wrong = await fx.issuer.sign({ sub: "u1", extra: { iss: "https://evil.example.com/auth" } });
    const none = await fx.issuer.sign({ sub: "u1" });
    const right = await fx.issuer.sign({ sub: "u1", extra: { iss: "https://api.example.com/auth" } });
    expect(await fx.attempt(url, { query: { token: wrong } })).toBe("TOKEN_INVALID");
    expect(await fx.attempt(url, { query: { token: none } })).toBe("TOKEN_INVALID");
    expect(await fx.attempt(url, { query: { token: right } })).toBe("connected");
  });

  it("refuses a signed token that lacks sessionHandle: TOKEN_INVALID", async () => {
    const { url } = await fx.server();
    const token = await fx.issuer.sign({ sub: "u1", extra: { sessionHandle: undefined } });
    expect(await fx.attempt(url, { query: { token } })).toBe("TOKEN_INVALID");
  });

  it("never puts the token in what the client receives", async () => {
    const { url } = await fx.server();
    const token = await fx.issuer.sign({ sub: "u1", lifetimeMs: -5000 });
    const socket = fx.client(url, { query: { token } });
    const error = await new Promise<Error & { data?: unknown }>((resolve) => socket.once("connect_error", resolve));
    expect(JSON.stringify({ message: error.message, data: error.data })).not.toContain(token.split(".")[2]);
    expect(error.message).toBe("Authentication error");
  });
});

describe("claims", () => {
  it("requireEmailVerified: refuses st-ev false or absent (CLAIM_INVALID), accepts st-ev true", async () => {
    const { url } = await fx.server({ requireEmailVerified: true });
    const unverified = await fx.issuer.sign({ sub: "u1", extra: { "st-ev": { v: false, t: Date.now() } } });
    const absent = await fx.issuer.sign({ sub: "u1" });
    const verified = await fx.issuer.sign({ sub: "u1", extra: { "st-ev": { v: true, t: Date.now() } } });
    expect(await fx.attempt(url, { query: { token: unverified } })).toBe("CLAIM_INVALID");
    expect(await fx.attempt(url, { query: { token: absent } })).toBe("CLAIM_INVALID");
    expect(await fx.attempt(url, { query: { token: verified } })).toBe("connected");
  });

  it("requireRoles: refuses a token missing a role (CLAIM_INVALID), accepts one holding all", async () => {
    const { url } = await fx.server({ requireRoles: ["admin", "staff"] });
    const partial = await fx.issuer.sign({ sub: "u1", extra: { "st-role": { v: ["admin"], t: 1 } } });
    const all = await fx.issuer.sign({ sub: "u1", extra: { "st-role": { v: ["staff", "admin", "x"], t: 1 } } });
    expect(await fx.attempt(url, { query: { token: partial } })).toBe("CLAIM_INVALID");
    expect(await fx.attempt(url, { query: { token: all } })).toBe("connected");
  });

  it("checkClaims: a sync rule answering false refuses with CLAIM_INVALID; it sees the payload and the socket", async () => {
    const { url } = await fx.server({
      checkClaims: (payload, socket) => payload["tier"] === "pro" && socket.handshake.auth["room"] === "lobby",
    });
    const pro = await fx.issuer.sign({ sub: "u1", extra: { tier: "pro" } });
    const free = await fx.issuer.sign({ sub: "u1", extra: { tier: "free" } });
    expect(await fx.attempt(url, { auth: { token: free, room: "lobby" } })).toBe("CLAIM_INVALID");
    expect(await fx.attempt(url, { auth: { token: pro, room: "other" } })).toBe("CLAIM_INVALID");
    expect(await fx.attempt(url, { auth: { token: pro, room: "lobby" } })).toBe("connected");
  });

  it("checkClaims: async rules, all of them must pass; a rejecting rule refuses", async () => {
    const { url } = await fx.server({
      checkClaims: [
        async (payload) => payload.sub !== "banned",
        async (payload) => {
          if (payload["explode"]) throw new Error("rule bug");
          return true;
        },
      ],
    });
    expect(await fx.attempt(url, { query: { token: await fx.issuer.sign({ sub: "banned" }) } })).toBe("CLAIM_INVALID");
    expect(await fx.attempt(url, { query: { token: await fx.issuer.sign({ sub: "u1", extra: { explode: true } }) } })).toBe("CLAIM_INVALID");
    expect(await fx.attempt(url, { query: { token: await fx.issuer.sign({ sub: "u1" }) } })).toBe("connected");
  });

  it("checkClaims: a rule that throws a SocketAuthError refuses with its code (JWKS_UNAVAILABLE stays retryable)", async () => {
    const { url } = await fx.server({
      checkClaims: async () => {
        throw new SocketAuthError("JWKS_UNAVAILABLE");
      },
    });
    expect(await fx.attempt(url, { query: { token: await fx.issuer.sign({ sub: "u1" }) } })).toBe("JWKS_UNAVAILABLE");
  });
});

describe("where the token is read", () => {
  it("accepts a valid token in the query string", async () => {
    const { url } = await fx.server();
    expect(await fx.attempt(url, { query: { token: await fx.issuer.sign({ sub: "u1" }) } })).toBe("connected");
  });

  it("accepts a valid token in the auth payload, which wins over the query", async () => {
    const { url } = await fx.server();
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await fx.attempt(url, { auth: { token }, query: { token: "garbage" } })).toBe("connected");
  });

  it("reads the token under a custom tokenKey", async () => {
    const { url } = await fx.server({ tokenKey: "accessToken" });
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await fx.attempt(url, { query: { token } })).toBe("TOKEN_MISSING");
    expect(await fx.attempt(url, { query: { accessToken: token } })).toBe("connected");
  });

  it("fills socket.data with userId, sessionHandle, payload and expiresAt, keeping the app's own data", async () => {
    const http = (await import("node:http")).createServer();
    const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, AuthenticatedSocketData & { tenant?: string }>(http);
    fx.defer(() => new Promise<void>((resolve) => io.close(() => resolve())));
    io.use((socket, next) => {
      socket.data.tenant = "acme";
      next();
    });
    io.use(authenticateSockets({ jwksUri: fx.issuer.jwksUri, logger: null }));
    const seen = new Promise<AuthenticatedSocketData & { tenant?: string }>((resolve) => io.on("connection", (s) => resolve(s.data)));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as import("node:net").AddressInfo;
    const token = await fx.issuer.sign({ sub: "user-7", sessionHandle: "handle-7", extra: { "st-ev": { v: true } } });
    const exp = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).exp as number;
    expect(await fx.attempt(`http://127.0.0.1:${port}`, { auth: { token } })).toBe("connected");
    const data = await seen;
    expect(data).toMatchObject({ tenant: "acme", userId: "user-7", sessionHandle: "handle-7", expiresAt: exp * 1000 });
    expect(data.payload).toMatchObject({ sub: "user-7", exp, sessionHandle: "handle-7", "st-ev": { v: true } });
    expect(JSON.stringify(data)).not.toContain(token);
  });
});

describe("cookie mode", () => {
  const app = "https://app.example.com";
  const cookieWith = (token: string) => `theme=dark; sAccessToken=${token}; sFrontToken=abc`;

  it("is off by default: a cookie alone is TOKEN_MISSING", async () => {
    const { url } = await fx.server();
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await fx.attempt(url, { extraHeaders: { cookie: cookieWith(token), origin: app } })).toBe("TOKEN_MISSING");
  });

  it("accepts the access-token cookie from an allowed origin", async () => {
    const { url, connected } = await fx.server({ allowedOrigins: [app] });
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await fx.attempt(url, { extraHeaders: { cookie: cookieWith(token), origin: app } })).toBe("connected");
    expect(connected[0]!.data).toMatchObject({ userId: "u1" });
  });

  it("refuses the cookie from another origin, or without an Origin header: ORIGIN_NOT_ALLOWED", async () => {
    const { url } = await fx.server({ allowedOrigins: (origin) => origin === app });
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await fx.attempt(url, { extraHeaders: { cookie: cookieWith(token), origin: "https://evil.example.com" } })).toBe(
      "ORIGIN_NOT_ALLOWED",
    );
    expect(await fx.attempt(url, { extraHeaders: { cookie: cookieWith(token) } })).toBe("ORIGIN_NOT_ALLOWED");
  });

  it("reads a custom cookie name; a missing cookie is TOKEN_MISSING whatever the origin", async () => {
    const { url } = await fx.server({ allowedOrigins: [app], cookieName: "st-access-token" });
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await fx.attempt(url, { extraHeaders: { cookie: cookieWith(token), origin: app } })).toBe("TOKEN_MISSING");
    expect(await fx.attempt(url, { extraHeaders: { cookie: `st-access-token=${token}`, origin: app } })).toBe("connected");
    expect(await fx.attempt(url, { extraHeaders: { cookie: ";;=;garbage", origin: "https://evil.example.com" } })).toBe(
      "TOKEN_MISSING",
    );
  });

  it("does not check the origin of a token sent in auth (no ambient credential)", async () => {
    const { url } = await fx.server({ allowedOrigins: [app] });
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await fx.attempt(url, { auth: { token }, extraHeaders: { origin: "https://elsewhere.example.com" } })).toBe("connected");
  });
});

describe("SocketAuthError", () => {
  it("has a literal name, the fixed message and the code in data", () => {
    const error = new SocketAuthError("TOKEN_EXPIRED");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("SocketAuthError");
    expect(error.message).toBe("Authentication error");
    expect(error.data).toEqual({ code: "TOKEN_EXPIRED" });
    expect(error.code).toBe("TOKEN_EXPIRED");
  });

  it("authenticateSockets refuses unusable options at setup", () => {
    expect(() => authenticateSockets({ jwksUri: "not a url" })).toThrow(TypeError);
    expect(() => authenticateSockets({ jwksUri: fx.issuer.jwksUri, expiryGraceMs: -1 })).toThrow(/expiryGraceMs/);
  });
});
