import { REJECTION_MESSAGE, type RejectionCode, type RejectionData } from "../core/protocol";

/**
 * How `authenticateSockets` refuses a handshake: socket.io sends `message` and `data` to the client, which sees
 * `err.message === "Authentication error"` (what clients written for SuperTokens' guide expect) and
 * `err.data.code` (and `err.data.claims`, the failed claim ids, for a `CLAIM_INVALID` from supertokens-node).
 * The message is fixed so that nothing of the token can ever travel in it.
 */
export class SocketAuthError extends Error {
  override readonly name = "SocketAuthError";
  /** Sent to the client as `err.data`. */
  readonly data: RejectionData;

  constructor(code: RejectionCode, options: { cause?: unknown; claims?: readonly string[] } = {}) {
    super(REJECTION_MESSAGE, options.cause === undefined ? undefined : { cause: options.cause });
    this.data = options.claims === undefined ? { code } : { code, claims: [...options.claims] };
  }

  get code(): RejectionCode {
    return this.data.code;
  }
}
