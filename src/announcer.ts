import type { Emitter } from "mitt";
import type { AuthedSocketError } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus } from "./events";
import type { Logger } from "./options";

export interface Announcer {
  status: AuthedSocketStatus;
  /** The last error, fatal or not. */
  error: AuthedSocketError | undefined;
  emit: Emitter<AuthedSocketEvents>["emit"];
  setStatus(status: AuthedSocketStatus, reason: string): void;
  /** A non-fatal error: the handle keeps trying. */
  report(error: AuthedSocketError): void;
  /** Costs a property read when no logger is set; never given a token or any part of one. */
  debug(message: string): void;
}

/**
 * What a handle tells: its status and last error (the snapshot), its events, and its log. The lifecycle calls it
 * once the state it announces is in place; it decides nothing.
 */
export function announcer(emitter: Emitter<AuthedSocketEvents>, logger: Logger | undefined, onChange: () => void): Announcer {
  const emit = emitter.emit;
  const say: Announcer = {
    status: "connecting",
    error: undefined,
    emit,
    setStatus(status, reason) {
      if (say.status === status) return;
      say.debug(`${say.status} -> ${status}: ${reason}`);
      say.status = status;
      onChange();
      emit("status", status);
    },
    report(error) {
      say.error = error;
      onChange();
      logger?.warn?.(`supertokens-socket: ${error.code}: ${error.message}`);
      emit("error", error);
    },
    debug: (message) => logger?.debug?.(`supertokens-socket: ${message}`),
  };
  return say;
}
