/** The payload of a SuperTokens access token, as `authenticateSockets` has verified it. */
export interface AccessTokenPayload {
  /** The user id. */
  sub: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
  iat?: number;
  iss?: string;
  sessionHandle: string;
  /** SuperTokens' email-verification claim. */
  "st-ev"?: { v: boolean; t?: number };
  /** SuperTokens' user-roles claim. */
  "st-role"?: { v: string[]; t?: number };
  /** SuperTokens' permissions claim. */
  "st-perm"?: { v: string[]; t?: number };
  [claim: string]: unknown;
}

/**
 * What `authenticateSockets` merges into `socket.data` on every successful handshake or re-authentication
 * (the app's other fields are kept). Use it as the `SocketData` type parameter of socket.io's `Server`.
 */
export interface AuthenticatedSocketData {
  /** The token's `sub`. It never changes for the life of a socket: re-authentication requires the same user. */
  userId: string;
  sessionHandle: string;
  /** The verified payload of the current token (never the token itself). */
  payload: AccessTokenPayload;
  /** When the current token expires, in ms since the epoch (`exp * 1000`). */
  expiresAt: number;
}
