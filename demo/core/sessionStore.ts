import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createAccessTokens, TryRefreshToken, type AccessTokenInfo } from "./accessTokens";
import type { KeySet } from "./keySet";
import type { Json, SessionRow, TokenInfo } from "./sessionRow";

/*
 * The Session recipe of the SuperTokens core, in memory, answering with the bodies of the core driver interface
 * (CDI 5.4). Modelled on supertokens-core's Session.java and AccessToken.java:
 * - A session row keeps `refreshTokenHash2` = sha256(sha256(refresh token)) of its PROMOTED refresh token.
 * - Refreshing with the promoted token issues a child refresh token (which remembers sha256(parent)) and an access
 *   token carrying `parentRefreshTokenHash1`; the row still points at the parent, so a lost answer can be retried.
 * - The child is promoted when it is used: by a refresh, or by `verify` of an access token whose parent hash
 *   matches the row (the first API call after a refresh), which also returns a replacement token without it.
 * - Any other refresh token of the session (an ancestor, once its child was promoted) is token theft.
 */

export interface StoreConfig {
  accessTokenLifetimeMs: number;
  refreshTokenLifetimeMs: number;
}

/** What the real core encrypts into a refresh token; here the token is opaque and this is looked up by its hash. */
interface RefreshTokenInfo {
  sessionHandle: string;
  parentRefreshTokenHash1: string | undefined;
  antiCsrfToken: string | undefined;
}

const ownedBy = (row: SessionRow, userId: string) => row.userId === userId || row.recipeUserId === userId;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const stable = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

export type SessionStore = ReturnType<typeof createSessionStore>;

export function createSessionStore(keys: KeySet, config: StoreConfig) {
  const sessions = new Map<string, SessionRow>();
  const refreshTokens = new Map<string, RefreshTokenInfo>();

  const sessionJson = (row: SessionRow, userDataInJWT = row.userDataInJWT) => ({
    handle: row.handle,
    userId: row.userId,
    recipeUserId: row.recipeUserId,
    userDataInJWT,
    tenantId: row.tenantId,
  });

  const { newAccessToken, readAccessToken } = createAccessTokens(keys, config);

  function newRefreshToken(sessionHandle: string, parentRefreshTokenHash1?: string, antiCsrfToken?: string): TokenInfo {
    const token = randomBytes(48).toString("base64url");
    refreshTokens.set(sha256(token), { sessionHandle, parentRefreshTokenHash1, antiCsrfToken });
    const createdTime = Date.now();
    return { token, createdTime, expiry: createdTime + config.refreshTokenLifetimeMs };
  }

  function removeSessions(handles: string[]): string[] {
    const removed = handles.filter((handle) => sessions.delete(handle));
    for (const [hash, info] of refreshTokens) {
      if (removed.includes(info.sessionHandle)) refreshTokens.delete(hash);
    }
    return removed;
  }

  function refreshHelper(refreshToken: string, info: RefreshTokenInfo, enableAntiCsrf: boolean, useStaticKey?: boolean): Json {
    const row = sessions.get(info.sessionHandle);
    if (!row || row.expiry < Date.now()) {
      return { status: "UNAUTHORISED", message: "Session missing in db or has expired" };
    }
    if (row.refreshTokenHash2 === sha256(sha256(refreshToken))) {
      // The promoted token: issue a child, keep pointing at the parent until the child is used.
      if (useStaticKey !== undefined) row.useStaticKey = useStaticKey;
      const antiCsrfToken = enableAntiCsrf ? randomUUID() : undefined;
      const child = newRefreshToken(row.handle, sha256(refreshToken), antiCsrfToken);
      const accessToken = newAccessToken(row, sha256(child.token), sha256(refreshToken), antiCsrfToken);
      return {
        status: "OK",
        session: sessionJson(row),
        accessToken,
        refreshToken: child,
        ...(antiCsrfToken && { antiCsrfToken }),
      };
    }
    if (info.parentRefreshTokenHash1 !== undefined && sha256(info.parentRefreshTokenHash1) === row.refreshTokenHash2) {
      // A child of the promoted token is used: promote it, then refresh with it.
      row.refreshTokenHash2 = sha256(sha256(refreshToken));
      row.expiry = Date.now() + config.refreshTokenLifetimeMs;
      return refreshHelper(refreshToken, info, enableAntiCsrf, useStaticKey);
    }
    return {
      status: "TOKEN_THEFT_DETECTED",
      session: { handle: row.handle, userId: row.userId, recipeUserId: row.recipeUserId },
    };
  }

  return {
    /** How many sessions are live. */
    get size() {
      return sessions.size;
    },
    has: (sessionHandle: string) => sessions.has(sessionHandle),

    /** `POST /<tenantId>/recipe/session` */
    create(tenantId: string, body: Json): Json {
      const handle = randomUUID();
      const userId = String(body.userId);
      const antiCsrfToken = body.enableAntiCsrf === true ? randomUUID() : undefined;
      const refreshToken = newRefreshToken(handle, undefined, antiCsrfToken);
      const row: SessionRow = {
        handle,
        userId,
        recipeUserId: userId,
        tenantId,
        refreshTokenHash2: sha256(sha256(refreshToken.token)),
        expiry: refreshToken.expiry,
        timeCreated: refreshToken.createdTime,
        userDataInJWT: (body.userDataInJWT as Json | undefined) ?? {},
        userDataInDatabase: (body.userDataInDatabase as Json | undefined) ?? {},
        useStaticKey: body.useDynamicSigningKey === false,
      };
      sessions.set(handle, row);
      const accessToken = newAccessToken(row, sha256(refreshToken.token), undefined, antiCsrfToken);
      return { status: "OK", session: sessionJson(row), accessToken, refreshToken, ...(antiCsrfToken && { antiCsrfToken }) };
    },

    /** `POST /recipe/session/refresh` */
    refresh(body: Json): Json {
      const refreshToken = String(body.refreshToken);
      const info = refreshTokens.get(sha256(refreshToken));
      if (!info) return { status: "UNAUTHORISED", message: "Refresh token not found" };
      const enableAntiCsrf = body.enableAntiCsrf === true;
      if (enableAntiCsrf && info.antiCsrfToken !== undefined && info.antiCsrfToken !== body.antiCsrfToken) {
        return { status: "UNAUTHORISED", message: "Anti CSRF token missing, or not matching" };
      }
      const useStaticKey = typeof body.useDynamicSigningKey === "boolean" ? !body.useDynamicSigningKey : undefined;
      return refreshHelper(refreshToken, info, enableAntiCsrf, useStaticKey);
    },

    /** `POST /recipe/session/verify` */
    verify(body: Json): Json {
      let token: AccessTokenInfo;
      try {
        token = readAccessToken(String(body.accessToken), true);
        if (token.expiryTime < Date.now()) throw new TryRefreshToken("Access token expired");
        if (body.enableAntiCsrf === true && body.doAntiCsrfCheck === true && body.antiCsrfToken !== token.antiCsrfToken) {
          throw new TryRefreshToken("anti-csrf check failed");
        }
      } catch (error) {
        if (error instanceof TryRefreshToken) return { status: "TRY_REFRESH_TOKEN", message: error.message };
        throw error;
      }
      const tokenSession = {
        handle: token.sessionHandle,
        userId: token.sub,
        recipeUserId: token.rsub,
        userDataInJWT: token.userData,
        tenantId: token.tId,
      };
      const checkDatabase = body.checkDatabase === true;
      const row = sessions.get(token.sessionHandle);
      if (checkDatabase && !row) {
        return { status: "UNAUTHORISED", message: "Either the session has ended or has been blacklisted" };
      }
      const payloadNeedsUpdating = checkDatabase && !!row && stable(token.userData) !== stable(row.userDataInJWT);
      if (token.parentRefreshTokenHash1 === undefined && !payloadNeedsUpdating) {
        return { status: "OK", session: tokenSession };
      }
      if (!row) return { status: "UNAUTHORISED", message: "Session missing in db" };
      const promote =
        token.parentRefreshTokenHash1 !== undefined && row.refreshTokenHash2 === sha256(token.parentRefreshTokenHash1);
      if (promote || row.refreshTokenHash2 === sha256(token.refreshTokenHash1) || payloadNeedsUpdating) {
        if (promote) {
          row.refreshTokenHash2 = sha256(token.refreshTokenHash1);
          row.expiry = Date.now() + config.refreshTokenLifetimeMs;
        }
        // The replacement drops the parent hash and gets a full lifetime, as the core's does.
        const accessToken = newAccessToken(row, token.refreshTokenHash1, undefined, token.antiCsrfToken);
        return { status: "OK", session: sessionJson(row), accessToken };
      }
      return { status: "OK", session: tokenSession };
    },

    /** `POST /recipe/session/regenerate` */
    regenerate(body: Json): Json {
      let token: AccessTokenInfo;
      try {
        // The core assumes the caller verified the token already; it may have expired since.
        token = readAccessToken(String(body.accessToken), false);
      } catch (error) {
        if (error instanceof TryRefreshToken) return { status: "UNAUTHORISED", message: error.message };
        throw error;
      }
      const row = sessions.get(token.sessionHandle);
      if (!row) return { status: "UNAUTHORISED", message: "Session does not exist." };
      row.userDataInJWT = (body.userDataInJWT as Json | undefined) ?? row.userDataInJWT;
      if (token.expiryTime < Date.now()) return { status: "OK", session: sessionJson(row) };
      const accessToken = newAccessToken(
        row,
        token.refreshTokenHash1,
        token.parentRefreshTokenHash1,
        token.antiCsrfToken,
        token.expiryTime,
      );
      return { status: "OK", session: sessionJson(row), accessToken };
    },

    /** `POST /[<tenantId>/]recipe/session/remove`: by `sessionHandles`, or every session of `userId`. */
    remove(tenantId: string | undefined, body: Json): Json {
      let handles: string[];
      if (Array.isArray(body.sessionHandles)) {
        handles = body.sessionHandles.map(String);
      } else {
        const userId = String(body.userId);
        const acrossTenants = body.revokeAcrossAllTenants === true || tenantId === undefined;
        handles = [...sessions.values()]
          .filter((row) => ownedBy(row, userId) && (acrossTenants || row.tenantId === tenantId))
          .map((row) => row.handle);
      }
      return { status: "OK", sessionHandlesRevoked: removeSessions(handles) };
    },

    /** `GET /recipe/session?sessionHandle=` */
    info(sessionHandle: string): Json {
      const row = sessions.get(sessionHandle);
      if (!row) return { status: "UNAUTHORISED", message: "Session does not exist." };
      return {
        status: "OK",
        sessionHandle: row.handle,
        userId: row.userId,
        recipeUserId: row.recipeUserId,
        userDataInDatabase: row.userDataInDatabase,
        userDataInJWT: row.userDataInJWT,
        expiry: row.expiry,
        timeCreated: row.timeCreated,
        tenantId: row.tenantId,
      };
    },

    /** `GET /[<tenantId>/]recipe/session/user?userId=` */
    handlesForUser(tenantId: string | undefined, userId: string): Json {
      const sessionHandles = [...sessions.values()]
        .filter((row) => ownedBy(row, userId) && (!tenantId || row.tenantId === tenantId))
        .map((row) => row.handle);
      return { status: "OK", sessionHandles };
    },

    /** `PUT /recipe/session/data` and `PUT /recipe/jwt/data` */
    update(body: Json, field: "userDataInDatabase" | "userDataInJWT"): Json {
      const row = sessions.get(String(body.sessionHandle));
      if (!row) return { status: "UNAUTHORISED", message: "Session does not exist." };
      row[field] = (body[field] as Json | undefined) ?? {};
      return { status: "OK" };
    },
  };
}
