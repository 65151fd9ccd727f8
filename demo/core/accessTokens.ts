import type { KeySet } from "./keySet";
import type { Json, SessionRow, TokenInfo } from "./sessionRow";

// The emulated core's access tokens: signed JWTs (access token v3), issued for a session row and read back.

export interface AccessTokenInfo {
  sessionHandle: string;
  refreshTokenHash1: string;
  parentRefreshTokenHash1: string | undefined;
  antiCsrfToken: string | undefined;
  expiryTime: number;
  userData: Json;
  sub: string;
  rsub: string;
  tId: string;
}

/** Thrown while reading an access token; the caller answers TRY_REFRESH_TOKEN (or UNAUTHORISED). */
export class TryRefreshToken extends Error {}

const PROTECTED_PROPS = [
  "sub",
  "exp",
  "iat",
  "sessionHandle",
  "refreshTokenHash1",
  "parentRefreshTokenHash1",
  "antiCsrfToken",
  "tId",
  "rsub",
];

const toSeconds = (ms: number) => Math.floor(ms / 1000);

/** `config` is read at each token issued: the core's lifetime can be changed while it runs. */
export function createAccessTokens(keys: KeySet, config: { readonly accessTokenLifetimeMs: number }) {
  function newAccessToken(
    row: SessionRow,
    refreshTokenHash1: string,
    parentRefreshTokenHash1: string | undefined,
    antiCsrfToken: string | undefined,
    expiry?: number,
  ): TokenInfo {
    const now = Date.now();
    // The core truncates both times to whole seconds, as they are in the JWT.
    const expiresAt = toSeconds(expiry ?? now + config.accessTokenLifetimeMs) * 1000;
    const createdTime = toSeconds(now) * 1000;
    const token = keys.current(row.useStaticKey).sign({
      ...row.userDataInJWT,
      sub: row.userId,
      exp: expiresAt / 1000,
      iat: createdTime / 1000,
      tId: row.tenantId,
      rsub: row.recipeUserId,
      sessionHandle: row.handle,
      refreshTokenHash1,
      // Since access token v3 the core writes these two even when they are null.
      parentRefreshTokenHash1: parentRefreshTokenHash1 ?? null,
      antiCsrfToken: antiCsrfToken ?? null,
    });
    return { token, expiry: expiresAt, createdTime };
  }

  function readAccessToken(token: string, verifySignature: boolean): AccessTokenInfo {
    const [header, payload, signature] = token.split(".");
    if (!header || !payload || !signature) throw new TryRefreshToken("Invalid JWT");
    let parsed: { header: Json; payload: Json };
    try {
      parsed = {
        header: JSON.parse(Buffer.from(header, "base64url").toString()) as Json,
        payload: JSON.parse(Buffer.from(payload, "base64url").toString()) as Json,
      };
    } catch {
      throw new TryRefreshToken("Invalid JWT");
    }
    if (verifySignature) {
      const key = typeof parsed.header.kid === "string" ? keys.byKid(parsed.header.kid) : undefined;
      if (!key) throw new TryRefreshToken("Key not found");
      if (!key.verify(`${header}.${payload}`, signature)) throw new TryRefreshToken("JWT verification failed");
    }
    const p = parsed.payload;
    for (const prop of PROTECTED_PROPS) {
      if (!(prop in p)) throw new TryRefreshToken(`Access token does not contain all the information: ${prop}`);
    }
    return {
      sessionHandle: String(p.sessionHandle),
      refreshTokenHash1: String(p.refreshTokenHash1),
      parentRefreshTokenHash1: typeof p.parentRefreshTokenHash1 === "string" ? p.parentRefreshTokenHash1 : undefined,
      antiCsrfToken: typeof p.antiCsrfToken === "string" ? p.antiCsrfToken : undefined,
      expiryTime: Number(p.exp) * 1000,
      userData: Object.fromEntries(Object.entries(p).filter(([k]) => !PROTECTED_PROPS.includes(k))),
      sub: String(p.sub),
      rsub: String(p.rsub),
      tId: String(p.tId),
    };
  }

  return { newAccessToken, readAccessToken };
}
