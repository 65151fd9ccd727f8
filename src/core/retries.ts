import type { ManagerOptions } from "socket.io-client";
import type { Clock } from "./clock";

/** socket.io's reconnection options, which the lifecycle honours in place of socket.io's own reconnection. */
export type Reconnection = Partial<
  Pick<ManagerOptions, "reconnection" | "reconnectionAttempts" | "reconnectionDelay" | "reconnectionDelayMax" | "randomizationFactor">
>;

// A server that rejects or kicks a handle more often than this gets no more handshakes from it.
const FAILURE_WINDOW_MS = 60_000;
const MAX_FAILURES_IN_WINDOW = 3;

export interface Retries {
  /** The wait before the next reconnection attempt, or why there is none: giving up is then final. */
  nextConnect(): number | string;
  /** The wait before the next try after a failed session call. */
  nextRefresh(): number;
  connected(): void;
  refreshed(): void;
  /** Counts a rejection or a kick; true once there were too many in the window. */
  tooMany(): boolean;
}

/**
 * The budgets of a handle, kept apart: reconnection attempts (socket.io's `reconnectionAttempts`, spent on failed
 * connections only), failed refreshes (never spent: the session may be alive), and rejections or kicks per minute.
 */
export function retries(
  {
    // socket.io's defaults.
    reconnection = true,
    reconnectionAttempts: attempts = Infinity,
    reconnectionDelay: delay = 1_000,
    reconnectionDelayMax: delayMax = 5_000,
    randomizationFactor: randomization = 0.5,
  }: Reconnection,
  clock: Clock,
): Retries {
  let connects = 0;
  let refreshes = 0;
  let failures: number[] = [];
  // socket.io's own backoff: delay * 2^n, ± randomization, at most delayMax.
  const backoff = (n: number) => Math.min(delay * 2 ** n * (1 + (Math.random() * 2 - 1) * randomization), delayMax);
  return {
    nextConnect: () =>
      !reconnection ? "reconnection is off" : connects >= attempts ? `gave up after ${attempts} attempts` : backoff(connects++),
    nextRefresh: () => backoff(refreshes++),
    connected: () => void (connects = 0),
    refreshed: () => void (refreshes = 0),
    tooMany() {
      const now = clock.now();
      failures = failures.filter((at) => now - at < FAILURE_WINDOW_MS);
      return failures.push(now) > MAX_FAILURES_IN_WINDOW;
    },
  };
}
