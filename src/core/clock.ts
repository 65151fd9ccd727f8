/**
 * Time as the handle sees it: `now()` and timers. Injected (the `clock` option) so that tests about expiry can move
 * time instead of waiting for it; the default is the page's own clock and timers.
 */
export interface Clock {
  now(): number;
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fire, ms) => setTimeout(fire, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

// Long timers are re-armed in steps, so a wall-clock jump (a laptop that slept) is noticed within one step.
const STEP_MS = 30_000;

/** A timeout that survives long delays and wall-clock jumps: it fires once `now()` reaches the target. Returns the cancel. */
export function after(clock: Clock, delayMs: number, fire: () => void): () => void {
  const target = clock.now() + delayMs;
  let timer: unknown;
  const step = () => {
    const left = target - clock.now();
    if (left > 0) timer = clock.setTimeout(step, Math.min(left, STEP_MS));
    else fire();
  };
  step();
  return () => clock.clearTimeout(timer);
}
