import type { Emitter } from "mitt";
import type { AuthedSocketError } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus } from "./events";
import type { Logger } from "./options";

/**
 * What a handle tells: its status and last error (the snapshot), its events, and its log. The lifecycle calls it
 * once the state it announces is in place; it decides nothing.
 */
export class Announcer {
  status: AuthedSocketStatus = "connecting";
  error: AuthedSocketError | undefined;
  readonly emit: Emitter<AuthedSocketEvents>["emit"];
  readonly #logger: Logger | undefined;
  readonly #onChange: () => void;

  constructor(emitter: Emitter<AuthedSocketEvents>, logger: Logger | undefined, onChange: () => void) {
    this.emit = emitter.emit;
    this.#logger = logger;
    this.#onChange = onChange;
  }

  setStatus(status: AuthedSocketStatus, reason: string): void {
    if (this.status === status) return;
    this.debug(`${this.status} -> ${status}: ${reason}`);
    this.status = status;
    this.#onChange();
    this.emit("status", status);
  }

  /** A non-fatal error: the handle keeps trying. */
  report(error: AuthedSocketError): void {
    this.error = error;
    this.#onChange();
    this.#logger?.warn?.(`supertokens-socket: ${error.code}: ${error.message}`);
    this.emit("error", error);
  }

  /** Costs a property read when no logger is set; never given a token or any part of one. */
  debug(message: string): void {
    this.#logger?.debug?.(`supertokens-socket: ${message}`);
  }
}
