/**
 * What a piece of work must achieve, weakest first; a request for a stronger one while a weaker one waits
 * replaces it.
 * - LOOK: compare the session's token with the one in use; rotate only if it changed or is due.
 * - RECONNECT: get a connection back, with a token that is not due (refreshing first if it is).
 * - REFRESH: put a token other than the one in use on the connection.
 */
export const LOOK = 0;
export const RECONNECT = 1;
export const REFRESH = 2;
export type Need = typeof LOOK | typeof RECONNECT | typeof REFRESH;

/** Runs the lifecycle's work one piece at a time: requests made meanwhile fold into the strongest one waiting. */
export class Work {
  #running = false;
  #pending: Need | undefined;
  readonly #run: (need: Need) => Promise<void>;
  readonly #fail: (error: unknown, need: Need) => void;
  readonly #stopped: () => boolean;

  constructor(run: (need: Need) => Promise<void>, fail: (error: unknown, need: Need) => void, stopped: () => boolean) {
    this.#run = run;
    this.#fail = fail;
    this.#stopped = stopped;
  }

  request(need: Need): void {
    if (this.#pending === undefined || need > this.#pending) this.#pending = need;
    if (this.#running) return;
    this.#running = true;
    void this.#drain();
  }

  /** Forgets what waits (the handle ended). */
  drop(): void {
    this.#pending = undefined;
  }

  async #drain(): Promise<void> {
    while (this.#pending !== undefined && !this.#stopped()) {
      const need = this.#pending;
      this.#pending = undefined;
      try {
        await this.#run(need);
      } catch (error) {
        this.#fail(error, need);
      }
    }
    this.#running = false;
  }
}
