/** setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days): longer waits are made of several. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Calls `onExpire` once the wall clock reaches a deadline that can be moved or cancelled. Never calls it
 * synchronously from `set`, so a caller can arm the timer before the thing it guards exists.
 */
export class ExpiryTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private deadline = Number.POSITIVE_INFINITY;

  constructor(private readonly onExpire: () => void) {}

  /** Moves the deadline (ms since the epoch), replacing the previous one. */
  set(deadline: number): void {
    this.deadline = deadline;
    this.schedule();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const remaining = Math.min(Math.max(this.deadline - Date.now(), 0), MAX_TIMEOUT_MS);
    this.timer = setTimeout(this.check, remaining);
  }

  // Re-checks the clock: a timer may fire a little early, and long deadlines take several timers.
  private readonly check = (): void => {
    if (Date.now() < this.deadline) {
      this.schedule();
      return;
    }
    this.timer = undefined;
    this.onExpire();
  };
}
