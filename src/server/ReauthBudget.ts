/** How many in-place re-authentications one socket may ask for (the option `reauthLimit`), with its defaults. */
export interface ReauthLimit {
  /** Asked at once before the rate applies (an app calling `rotate()` now and then, tests rotating in a loop). @default 30 */
  burst?: number;
  /** The steady rate after the burst. @default 60 */
  perMinute?: number;
}

/**
 * A token bucket per socket: `burst` hand-overs at once, refilled at `perMinute`. A well-behaved client asks once per
 * access token (SuperTokens' default lifetime is an hour; the tests' 2 s tokens need 30 a minute), so the limit is
 * only ever met by a client that floods.
 */
export class ReauthBudget {
  private tokens: number;
  private at = Date.now();

  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
  ) {
    this.tokens = burst;
  }

  /** Takes one hand-over from the budget: false when there is none left. */
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perMinute) / 60_000);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
