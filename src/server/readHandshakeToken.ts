import type { Socket } from "socket.io";
import { pageOrigin } from "./pageOrigin";
import { readCookie } from "./readCookie";
import { SocketAuthError } from "./SocketAuthError";

/** Where a handshake's token came from. */
export type TokenSource = "auth" | "query" | "cookie";

/** The settings of `authenticateSockets` that say where to look. */
export interface TokenLocation {
  tokenKey: string;
  cookieName: string;
  /** Cookie mode is off when undefined. */
  isOriginAllowed: ((origin: string) => boolean) | undefined;
  /** Whether a same-origin handshake's scheme comes from `X-Forwarded-Proto`. @default false */
  trustForwardedProto?: boolean;
}

/**
 * The token a handshake presents: `auth[tokenKey]`, else `query[tokenKey]`, else (cookie mode) the access-token
 * cookie, which only a page on an allowed origin may use (see {@link pageOrigin}: the browser must vouch for the
 * page). Throws a {@link SocketAuthError} when there is none or it is unusable.
 */
export function readHandshakeToken(
  handshake: Socket["handshake"],
  where: TokenLocation,
): { token: string; source: TokenSource } {
  const auth: unknown = handshake.auth;
  const fromAuth = asToken(typeof auth === "object" && auth !== null ? (auth as Record<string, unknown>)[where.tokenKey] : undefined);
  if (fromAuth !== undefined) return { token: fromAuth, source: "auth" };
  const fromQuery = asToken(handshake.query?.[where.tokenKey]);
  if (fromQuery !== undefined) return { token: fromQuery, source: "query" };
  if (where.isOriginAllowed === undefined) throw new SocketAuthError("TOKEN_MISSING");
  const fromCookie = readCookie(handshake.headers.cookie, where.cookieName);
  if (fromCookie === undefined) throw new SocketAuthError("TOKEN_MISSING");
  const origin = pageOrigin(handshake, where.trustForwardedProto === true);
  if (origin === undefined || !where.isOriginAllowed(origin)) throw new SocketAuthError("ORIGIN_NOT_ALLOWED");
  return { token: fromCookie, source: "cookie" };
}

/**
 * A presented token value: `undefined` when absent or empty (so the next place is tried), the string itself, or a
 * `TOKEN_INVALID` refusal for anything else (an array from a repeated query parameter, an object in auth).
 */
export function asToken(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  throw new SocketAuthError("TOKEN_INVALID");
}
