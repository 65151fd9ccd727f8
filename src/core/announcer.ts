import type { Emitter } from "mitt";
import type { AuthedSocketError } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus } from "./events";
import { DEV } from "./dev";
import type { Logger } from "./options";

export interface Announcer {
  status: AuthedSocketStatus;
  /** The last error, fatal or not. */
  error: AuthedSocketError | undefined;
  emit: Emitter<AuthedSocketEvents>["emit"];
  /** `ms`: how long what led here took (a handshake, a hand-over). */
  setStatus(status: AuthedSocketStatus, reason: string, ms?: number): void;
  /** A non-fatal error: the handle keeps trying. */
  report(error: AuthedSocketError): void;
  /**
   * Costs a property read when no logger is set (the line is built only for a logger); never given a token. Its
   * callers write `DEV && say.debug(...)`, so that a production build drops the texts too.
   */
  debug(message: string, ms?: number): void;
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
    setStatus(status, reason, ms) {
      if (say.status === status) return;
      if (DEV && logger?.debug) say.debug(`${say.status} -> ${status}: ${reason}`, ms);
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
    // Development only: a production build logs no transitions (warnings stay).
    debug: (message, ms) => DEV && logger?.debug?.(`supertokens-socket: ${message}${ms === undefined ? "" : ` ${ms} ms`}`),
  };
  return say;
}
