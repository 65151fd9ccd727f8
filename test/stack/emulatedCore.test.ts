import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { startCore, type Core } from "../../demo/core/startCore";

/* The emulator spoken to directly in CDI, for the session semantics supertokens-node relies on. */

let core: Core;

beforeAll(async () => {
  core = await startCore({ accessTokenLifetimeMs: 60_000 });
});
afterAll(() => core.close());
beforeEach(() => {
  core.accessTokenLifetimeMs = 60_000;
  core.failRefresh = undefined;
  core.failJwks = undefined;
  core.resetCalls();
});

type Json = Record<string, any>;

async function cdi(method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${core.url}${path}`, {
    method,
    headers: { "cdi-version": "5.4", "content-type": "application/json", rid: "session" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return { httpStatus: res.status, ...((await res.json()) as Json) };
}

const createSession = (userId = "alice") =>
  cdi("POST", "/public/recipe/session", {
    userId,
    userDataInJWT: { iss: "http://127.0.0.1/auth" },
    userDataInDatabase: {},
    useDynamicSigningKey: true,
    enableAntiCsrf: false,
  });

const refresh = (refreshToken: string) =>
  cdi("POST", "/recipe/session/refresh", { refreshToken, enableAntiCsrf: false, useDynamicSigningKey: true });

const verify = (accessToken: string, checkDatabase = false) =>
  cdi("POST", "/recipe/session/verify", { accessToken, doAntiCsrfCheck: false, enableAntiCsrf: false, checkDatabase });

describe("the emulated core", () => {
  it("speaks CDI 5.4 and counts calls by method and tenant-free path", async () => {
    expect(await cdi("GET", "/apiversion")).toMatchObject({ versions: ["5.4"] });
    await createSession();
    expect(core.calls).toEqual({ "GET /apiversion": 1, "POST /recipe/session": 1 });
    expect((await cdi("GET", "/recipe/nothing")).httpStatus).toBe(404);
    expect(core.unhandled).toEqual(["GET /recipe/nothing"]);
  });

  it("issues RS256 access tokens shaped as supertokens-node expects, verifiable with the JWKS", async () => {
    const created = await createSession();
    const jwks = await fetch(`${core.url}/.well-known/jwks.json`);
    expect(jwks.headers.get("cache-control")).toMatch(/max-age=\d+/);

    const { payload } = await jwtVerify(created.accessToken.token, createLocalJWKSet(await jwks.json()));
    expect(decodeProtectedHeader(created.accessToken.token)).toMatchObject({ alg: "RS256", typ: "JWT", version: "5" });
    expect(payload).toMatchObject({
      sub: "alice",
      rsub: "alice",
      tId: "public",
      iss: "http://127.0.0.1/auth",
      sessionHandle: created.session.handle,
      refreshTokenHash1: expect.any(String),
      parentRefreshTokenHash1: null,
      antiCsrfToken: null,
    });
    expect(created.accessToken.expiry).toBe(payload.exp! * 1000);
  });

  it("keeps the parent refresh token usable until its child is used, so a lost answer can be retried", async () => {
    const { refreshToken } = await createSession();
    expect(await refresh(refreshToken.token)).toMatchObject({ status: "OK" });
    expect(await refresh(refreshToken.token)).toMatchObject({ status: "OK" });
  });

  it("promotes a child on use, after which its parent is token theft", async () => {
    const created = await createSession();
    const child = await refresh(created.refreshToken.token);
    expect(decodeJwt(child.accessToken.token).parentRefreshTokenHash1).toEqual(expect.any(String));

    expect(await refresh(child.refreshToken.token)).toMatchObject({ status: "OK" });
    expect(await refresh(created.refreshToken.token)).toEqual({
      httpStatus: 200,
      status: "TOKEN_THEFT_DETECTED",
      session: { handle: created.session.handle, userId: "alice", recipeUserId: "alice" },
    });
  });

  it("promotes on verify of a refreshed access token and answers a replacement without the parent hash", async () => {
    const created = await createSession();
    const child = await refresh(created.refreshToken.token);

    const verified = await verify(child.accessToken.token);
    expect(verified).toMatchObject({ status: "OK", session: { handle: created.session.handle, userId: "alice" } });
    expect(decodeJwt(verified.accessToken.token).parentRefreshTokenHash1).toBeNull();
    expect(await refresh(created.refreshToken.token)).toMatchObject({ status: "TOKEN_THEFT_DETECTED" });
    // A token with no parent hash needs no new token.
    expect((await verify(verified.accessToken.token)).accessToken).toBeUndefined();
  });

  it("answers TRY_REFRESH_TOKEN for expired or forged tokens, UNAUTHORISED for removed sessions", async () => {
    core.accessTokenLifetimeMs = -1000;
    const expired = await createSession();
    expect(await verify(expired.accessToken.token)).toMatchObject({ status: "TRY_REFRESH_TOKEN" });

    core.accessTokenLifetimeMs = 60_000;
    const created = await createSession();
    const [header, , signature] = created.accessToken.token.split(".");
    const forged = { ...decodeJwt(created.accessToken.token), sub: "mallory" };
    const forgedPayload = Buffer.from(JSON.stringify(forged)).toString("base64url");
    expect(await verify(`${header}.${forgedPayload}.${signature}`)).toMatchObject({ status: "TRY_REFRESH_TOKEN" });

    await cdi("POST", "/recipe/session/remove", { sessionHandles: [created.session.handle] });
    expect(await verify(created.accessToken.token, true)).toMatchObject({ status: "UNAUTHORISED" });
    expect(await refresh(created.refreshToken.token)).toMatchObject({ status: "UNAUTHORISED" });
    expect(await cdi("GET", `/recipe/session?sessionHandle=${created.session.handle}`)).toMatchObject({ status: "UNAUTHORISED" });
  });

  it("regenerates an access token with a new payload and the same expiry, and stores session data", async () => {
    const created = await createSession();
    const regenerated = await cdi("POST", "/recipe/session/regenerate", {
      accessToken: created.accessToken.token,
      userDataInJWT: { role: "admin" },
    });
    expect(decodeJwt(regenerated.accessToken.token)).toMatchObject({
      role: "admin",
      exp: decodeJwt(created.accessToken.token).exp,
    });

    const stored = await cdi("PUT", "/recipe/session/data", {
      sessionHandle: created.session.handle,
      userDataInDatabase: { a: 1 },
    });
    expect(stored).toMatchObject({ status: "OK" });
    expect(await cdi("GET", `/recipe/session?sessionHandle=${created.session.handle}`)).toMatchObject({
      userDataInDatabase: { a: 1 },
      userDataInJWT: { role: "admin" },
    });
  });

  it("lists, describes and removes a user's sessions", async () => {
    const one = await createSession("bob");
    const two = await createSession("bob");
    expect(await cdi("GET", `/recipe/session?sessionHandle=${one.session.handle}`)).toMatchObject({
      status: "OK",
      userId: "bob",
      tenantId: "public",
    });
    const listed = await cdi("GET", "/public/recipe/session/user?userId=bob&fetchSessionsForAllLinkedAccounts=true");
    expect(listed.sessionHandles.sort()).toEqual([one.session.handle, two.session.handle].sort());

    const removed = await cdi("POST", "/public/recipe/session/remove", { userId: "bob", revokeSessionsForLinkedAccounts: true });
    expect(removed.sessionHandlesRevoked.sort()).toEqual([one.session.handle, two.session.handle].sort());
    expect(core.hasSession(one.session.handle)).toBe(false);
  });

  it("fails refreshes and the JWKS on demand, and rotates signing keys", async () => {
    const created = await createSession();
    core.failRefresh = 500;
    expect((await refresh(created.refreshToken.token)).httpStatus).toBe(500);
    core.failJwks = 503;
    expect((await fetch(`${core.url}/.well-known/jwks.json`)).status).toBe(503);
    expect(core.refreshes).toBe(1);

    core.failRefresh = undefined;
    core.failJwks = undefined;
    const kid = core.rotateSigningKey();
    const rotated = await refresh(created.refreshToken.token);
    expect(decodeProtectedHeader(rotated.accessToken.token).kid).toBe(kid);
    const { keys } = (await (await fetch(`${core.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(created.accessToken.token).kid);
  });
});
