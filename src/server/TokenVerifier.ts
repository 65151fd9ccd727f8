import type { AuthenticatedSocketData } from "./AuthenticatedSocketData";
import type { AnySocket } from "./AuthenticateSocketsOptions";

/**
 * Verifies a token for a socket; throws a `SocketAuthError` saying why not. One verifier serves handshakes and
 * re-authentications alike, so both accept exactly the same tokens.
 */
export type TokenVerifier = (token: string, socket: AnySocket) => Promise<AuthenticatedSocketData>;
