import { REJECTION_MESSAGE, type RejectionCode } from "../protocol";

/**
 * How `authenticateSockets` refuses a handshake: socket.io sends `message` and `data` to the client, which sees
 * `err.message === "Authentication error"` (what clients written for SuperTokens' guide expect) and
 * `err.data.code`. The message is fixed so that nothing of the token can ever travel in it.
 */
export class SocketAuthError extends Error {
  override readonly name = "SocketAuthError";
  /** Sent to the client as `err.data`. */
  readonly data: { code: RejectionCode };

  constructor(code: RejectionCode, options: { cause?: unknown } = {}) {
    super(REJECTION_MESSAGE, options.cause === undefined ? undefined : { cause: options.cause });
    this.data = { code };
  }

  get code(): RejectionCode {
    return this.data.code;
  }
}
