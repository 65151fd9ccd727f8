import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import Session from "supertokens-node/recipe/session";
import { BooleanClaim } from "supertokens-node/recipe/session/claims";
import type { Socket as ClientSocket } from "socket.io-client";
import { createAuthedSocket, type AuthedSocketError } from "supertokens-socket";
import { authenticateSockets, type AuthenticatedSocketData, type AuthenticateSocketsOptions } from "supertokens-socket/server";
import { HELLO_EVENT, REAUTH_EVENT, type ReauthAck } from "../../src/core/protocol";
import { nextOutcome, openClient, type ClientOptions } from "../support/authServer";
import { connected, until } from "../support/wait";
import { startSdkServer, type SdkServer } from "./support/sdkServer";

/* authenticateSockets({ sessionRecipe }) with the real supertokens-node over the emulated core (one init per file). */

/** A claim the app requires everywhere: set at sign-in from this set, checked by a global validator. */
const members = new Set<string>();
const MemberClaim = new BooleanClaim({ key: "member", fetchValue: (userId) => members.has(userId) });

let sdk: SdkServer;
const warnings: string[] = [];
const logger = { warn: (message: string) => void warnings.push(message) };
const opened: ClientSocket[] = [];

beforeAll(async () => {
  sdk = await startSdkServer(() => ({
    override: {
      functions: (original) => ({
        ...original,
        createNewSession: async (input) =>
          original.createNewSession({
            ...input,
            accessTokenPayload: { ...input.accessTokenPayload, ...(await MemberClaim.build(input.userId, input.recipeUserId, input.tenantId, {}, input.userContext)) },
          }),
        getGlobalClaimValidators: (input) => [...input.claimValidatorsAddedByOtherRecipes, MemberClaim.validators.isTrue()],
      }),
    },
  }));
  const use = (name: string, options: Partial<AuthenticateSocketsOptions> = {}) =>
    sdk.namespace(name).use(authenticateSockets({ sessionRecipe: Session, logger, expiryGraceMs: 0, ...options }));
  use("/");
  use("/db", { checkDatabase: true });
  use("/open", { overrideGlobalClaimValidators: (globals) => globals.filter((validator) => validator.id !== MemberClaim.key) });
  use("/admins", { requireRoles: ["admin"] });
  use("/cookie", { allowedOrigins: ["https://app.example.com"] });
  // Each middleware remembers for a second whether the core answered: these have not asked yet.
  use("/outage");
  use("/outage-client");
});
afterAll(() => sdk.close());
afterEach(() => {
  opened.splice(0).forEach((socket) => socket.disconnect());
  sdk.coreLink.restore();
  // supertokens-node asked the emulator for nothing it does not know.
  expect(sdk.core.unhandled).toEqual([]);
  warnings.length = 0;
});

const client = (path: string, options: ClientOptions) => {
  const socket = openClient(`${sdk.url}${path}`, options);
  opened.push(socket);
  return socket;
};
const attempt = async (path: string, token: string) => {
  const outcome = await nextOutcome(client(path, { auth: { token } }));
  return outcome.connected ? "connected" : outcome.data;
};
const connect = async (path: string, token: string) => {
  const socket = client(path, { auth: { token } });
  expect(await nextOutcome(socket)).toEqual({ connected: true });
  return socket;
};
const whoami = (socket: ClientSocket) => socket.timeout(5000).emitWithAck("whoami") as Promise<AuthenticatedSocketData>;
const reauth = (socket: ClientSocket, token: string) => socket.timeout(5000).emitWithAck(REAUTH_EVENT, { token }) as Promise<ReauthAck>;
const expOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).exp as number;
/** The token with its `exp` moved to 1970 (its signature no longer matches). */
const expiredCopy = (token: string) => {
  const [header, payload] = token.split(".");
  const claims = { ...JSON.parse(Buffer.from(payload!, "base64url").toString()), exp: 1 };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.x`;
};
const member = (userId: string) => (members.add(userId), sdk.signIn(userId));
/** supertokens-node caches the core's keys for hours: forgets them, as a fresh process would start. */
const forgetCachedKeys = () =>
  (createRequire(import.meta.url)("supertokens-node/lib/build/combinedRemoteJWKSet.js") as { resetCombinedJWKS(): void }).resetCombinedJWKS();

describe("verification by supertokens-node", () => {
  it("admits a handshake the SDK verifies, with plain socket.data", async () => {
    const session = await member("alice");
    const socket = await connect("/", session.accessToken);

    const data = await whoami(socket);
    expect(data).toEqual({
      userId: "alice",
      sessionHandle: session.sessionHandle,
      expiresAt: expOf(session.accessToken) * 1000,
      payload: expect.objectContaining({ sub: "alice", member: { v: true, t: expect.any(Number) } }),
    });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it("re-authenticates in place through the SDK: a refreshed token is checked with the core, which promotes it", async () => {
    const session = await member("alice");
    const socket = await connect("/", session.accessToken);
    sdk.core.resetCalls();
    const refreshed = await sdk.refresh(session.refreshToken);

    expect(await reauth(socket, refreshed.accessToken)).toEqual({ ok: true, expiresAt: expOf(refreshed.accessToken) * 1000 });
    // Only the SDK asks the core: a token naming its parent refresh token is verified there (jose never would).
    expect(sdk.core.verifies).toBe(1);
    // socket.data describes the token the client holds, not the replacement the core issued to the SDK.
    const { expiresAt, payload } = await whoami(socket);
    expect(expiresAt).toBe(expOf(refreshed.accessToken) * 1000);
    expect(payload.parentRefreshTokenHash1).toEqual(expect.any(String));
    // Promoted: the parent refresh token is spent, and reusing it is theft.
    await expect(sdk.refresh(session.refreshToken)).rejects.toMatchObject({ type: "TOKEN_THEFT_DETECTED" });
  });

  it("refuses a session without the app's global claim: CLAIM_INVALID with its id, at the handshake and at re-auth", async () => {
    const outsider = await sdk.signIn("mallory");
    expect(await attempt("/", outsider.accessToken)).toEqual({ code: "CLAIM_INVALID", claims: ["member"] });

    const socket = await connect("/", (await member("bob")).accessToken);
    members.delete("bob");
    const demoted = await sdk.signIn("bob");
    expect(await reauth(socket, demoted.accessToken)).toEqual({
      ok: false,
      code: "CLAIM_INVALID",
      claims: ["member"],
      message: "Authentication error",
    });
    // overrideGlobalClaimValidators decides for its namespace, as for verifySession.
    expect(await attempt("/open", outsider.accessToken)).toBe("connected");
  });

  it("still applies requireRoles (and checkClaims) after the SDK's validators", async () => {
    const session = await member("carol");
    expect(await attempt("/admins", session.accessToken)).toEqual({ code: "CLAIM_INVALID" });
  });

  it("maps the SDK's verdicts: expired is TOKEN_EXPIRED, forged or garbage TOKEN_INVALID", async () => {
    const session = await member("dave");
    const [header, payload] = session.accessToken.split(".");
    expect(await attempt("/", expiredCopy(session.accessToken))).toEqual({ code: "TOKEN_EXPIRED" });
    expect(await attempt("/", "garbage")).toEqual({ code: "TOKEN_INVALID" });
    // An unexpired token with a bad signature: the SDK says "try refresh", but the core is reachable: forged.
    expect(await attempt("/", `${header}.${payload}.AAAA`)).toEqual({ code: "TOKEN_INVALID" });
  });

  it("in cookie mode takes the cookie from an allowed Origin only, and rotates by reconnecting", async () => {
    const { accessToken } = await member("erin");
    const cookie = (origin: string): ClientOptions => ({ extraHeaders: { cookie: `sAccessToken=${accessToken}`, origin } });
    expect(await nextOutcome(client("/cookie", cookie("https://evil.example.com")))).toMatchObject({ data: { code: "ORIGIN_NOT_ALLOWED" } });
    const socket = client("/cookie", cookie("https://app.example.com"));
    expect(await nextOutcome(socket)).toEqual({ connected: true });
    expect((await whoami(socket)).userId).toBe("erin");
    // No token in the page to hand over: the server says so, and the client rotates by reconnecting.
    expect(await socket.timeout(5000).emitWithAck(HELLO_EVENT)).toEqual({ protocol: 1, reauth: false });
  });
});

describe("checkDatabase", () => {
  it("refuses a revoked session's unexpired token at the handshake; without it the token still opens", async () => {
    const session = await member("frank");
    await Session.revokeSession(session.sessionHandle);

    expect(await attempt("/db", session.accessToken)).toEqual({ code: "TOKEN_INVALID" });
    expect(await attempt("/", session.accessToken)).toBe("connected");
  });

  it("refuses a revoked session's token at re-auth, and the socket keeps its own session", async () => {
    const live = await member("gina");
    const socket = await connect("/db", live.accessToken);
    const other = await sdk.signIn("gina");
    await Session.revokeSession(other.sessionHandle);

    expect(await reauth(socket, other.accessToken)).toMatchObject({ ok: false, code: "TOKEN_INVALID" });
    expect((await whoami(socket)).sessionHandle).toBe(live.sessionHandle);
  });
});

describe("the core unreachable", () => {
  it("is JWKS_UNAVAILABLE, not a verdict on the user: at a checkDatabase handshake, and without cached keys", async () => {
    const session = await member("hana");
    sdk.coreLink.cut();
    expect(await attempt("/db", session.accessToken)).toEqual({ code: "JWKS_UNAVAILABLE" });
    forgetCachedKeys();
    expect(await attempt("/outage", session.accessToken)).toEqual({ code: "JWKS_UNAVAILABLE" });
    // An expired token needs a refresh whatever the core's state.
    expect(await attempt("/outage", expiredCopy(session.accessToken))).toEqual({ code: "TOKEN_EXPIRED" });
    // Warned once for the outage by each middleware that met it (/db and /outage), and no token in the log.
    expect(warnings).toHaveLength(2);
    expect(warnings.join("\n")).not.toContain(session.accessToken.split(".")[2]!);

    sdk.coreLink.restore();
    expect(await attempt("/outage", session.accessToken)).toBe("connected");
  });

  it("makes the client retry, then connect once the core is back, never ending the session", async () => {
    const session = await member("ivan");
    sdk.coreLink.cut();
    forgetCachedKeys();
    const attemptRefreshingSession = vi.fn(async () => true);
    const handle = await createAuthedSocket(`${sdk.url}/outage-client`, {
      getAccessToken: async () => session.accessToken,
      attemptRefreshingSession,
      transports: ["websocket"],
    });
    const errors: AuthedSocketError[] = [];
    handle.on("error", (error) => errors.push(error));
    const ended = vi.fn();
    handle.on("unauthenticated", ended);
    try {
      await until(() => errors.length >= 2, "two refused attempts", 15_000);
      errors.splice(2);
      expect(errors.map((error) => error.serverCode)).toEqual(["JWKS_UNAVAILABLE", "JWKS_UNAVAILABLE"]);
      expect(attemptRefreshingSession).not.toHaveBeenCalled();

      sdk.coreLink.restore();
      await connected(handle, 15_000);
      expect(ended).not.toHaveBeenCalled();
    } finally {
      handle.close();
    }
  });
});

describe("setup", () => {
  it("requires exactly one of sessionRecipe and jwksUri, and refuses options that would not apply", () => {
    const jwksUri = "https://api.example.com/auth/jwt/jwks.json";
    // @ts-expect-error: neither (the types say so too)
    expect(() => authenticateSockets({})).toThrow(TypeError);
    expect(() => authenticateSockets({ sessionRecipe: Session, jwksUri })).toThrow(/exactly one/);
    expect(() => authenticateSockets({ jwksUri, checkDatabase: true })).toThrow(/checkDatabase.*sessionRecipe/);
    expect(() => authenticateSockets({ sessionRecipe: Session, issuer: "x" })).toThrow(/issuer/);
    expect(() => authenticateSockets({ sessionRecipe: {} as typeof Session })).toThrow(/supertokens-node\/recipe\/session/);
  });
});
