import type { Clock } from "./clock";

/** socket.io's reconnection options, which the lifecycle honours in place of socket.io's own reconnection. */
export interface Reconnection {
  enabled: boolean;
  attempts: number;
  delay: number;
  delayMax: number;
  randomization: number;
}

// A server that rejects or kicks a handle more often than this gets no more handshakes from it.
const FAILURE_WINDOW_MS = 60_000;
const MAX_FAILURES_IN_WINDOW = 3;

/**
 * The budgets of a handle, kept apart: reconnection attempts (socket.io's `reconnectionAttempts`, spent on failed
 * connections only), failed refreshes (never spent: the session may be alive), and rejections or kicks per minute.
 */
export class Retries {
  #connects = 0;
  #refreshes = 0;
  #failures: number[] = [];
  readonly #r: Reconnection;
  readonly #clock: Clock;

  constructor(reconnection: Reconnection, clock: Clock) {
    this.#r = reconnection;
    this.#clock = clock;
  }

  /** The wait before the next reconnection attempt, or why there is none: giving up is then final. */
  nextConnect(): number | string {
    const { enabled, attempts } = this.#r;
    if (!enabled) return "reconnection is off";
    if (this.#connects >= attempts) return `gave up after ${attempts} attempts`;
    return this.#backoff(this.#connects++);
  }

  /** The wait before the next try after a failed session call. */
  nextRefresh(): number {
    return this.#backoff(this.#refreshes++);
  }

  connected(): void {
    this.#connects = 0;
  }

  refreshed(): void {
    this.#refreshes = 0;
  }

  /** Counts a rejection or a kick; true once there were too many in the window. */
  tooMany(): boolean {
    const now = this.#clock.now();
    this.#failures = this.#failures.filter((at) => now - at < FAILURE_WINDOW_MS);
    this.#failures.push(now);
    return this.#failures.length > MAX_FAILURES_IN_WINDOW;
  }

  /** socket.io's own backoff: delay * 2^n, ± randomization, at most delayMax. */
  #backoff(attempt: number): number {
    const { delay, delayMax, randomization } = this.#r;
    return Math.min(delay * 2 ** attempt * (1 + (Math.random() * 2 - 1) * randomization), delayMax);
  }
}
