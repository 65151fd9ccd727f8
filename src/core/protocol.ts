/**
 * What the client (`supertokens-socket`) and the server half (`supertokens-socket/server`) say to each other
 * beyond plain socket.io. Kept in one tiny module that both entries import, so the wire names cannot drift.
 */

/** The codes `authenticateSockets` puts on `err.data.code` when it rejects a handshake or a re-authentication. */
export type RejectionCode =
  | "TOKEN_MISSING"
  | "TOKEN_INVALID"
  | "TOKEN_EXPIRED"
  | "CLAIM_INVALID"
  | "ORIGIN_NOT_ALLOWED"
  | "JWKS_UNAVAILABLE"
  /** Too many in-place re-authentications from one socket (`reauthLimit`): answered once, then disconnected. */
  | "REAUTH_LIMIT"
  /** Too many handshakes with one token (`handshakeLimit`): a fresh token is admitted. */
  | "HANDSHAKE_LIMIT";

/**
 * What a rejection carries to the client: `err.data` of a refused handshake. `claims` lists the ids of the claims
 * that failed (`CLAIM_INVALID` from supertokens-node's claim validators, e.g. `["st-ev"]`), never a value or a token.
 */
export interface RejectionData {
  code: RejectionCode;
  claims?: string[];
}

/** The message of every rejection: what clients written for SuperTokens' guide already expect. */
export const REJECTION_MESSAGE = "Authentication error";

/**
 * Client → server, with an ack: "do you speak this protocol?". A server without `authenticateSockets` never
 * acks, so the client falls back to rotating by reconnecting.
 */
export const HELLO_EVENT = "supertokens-socket:hello";

/** Client → server, with an ack: a fresh token for the open connection (in-place re-authentication). */
export const REAUTH_EVENT = "supertokens-socket:reauth";

/** Server → client ack of {@link HELLO_EVENT}. */
export interface HelloAck {
  protocol: 1;
  /** The server accepts {@link REAUTH_EVENT}. */
  reauth: boolean;
}

/** Client → server payload of {@link REAUTH_EVENT}. */
export interface ReauthRequest {
  token: string;
}

/** Server → client ack of {@link REAUTH_EVENT}. `expiresAt` is the new token's `exp`, in ms since the epoch. */
export type ReauthAck =
  | { ok: true; expiresAt: number }
  | { ok: false; code: RejectionCode; message: string; claims?: string[] };

/** Codes after which a fresh token cannot help: the client stops instead of refreshing. */
export const isFinal = (code: RejectionCode | undefined): boolean => code === "CLAIM_INVALID" || code === "ORIGIN_NOT_ALLOWED";
