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

export interface Work {
  request(need: Need): void;
  /** Forgets what waits (the handle ended). */
  drop(): void;
}

/** Runs the lifecycle's work one piece at a time: requests made meanwhile fold into the strongest one waiting. */
export function work(run: (need: Need) => Promise<void>, fail: (error: unknown, need: Need) => void, stopped: () => boolean): Work {
  let running = false;
  let pending: Need | undefined;
  const drain = async () => {
    while (pending !== undefined && !stopped()) {
      const need = pending;
      pending = undefined;
      try {
        await run(need);
      } catch (error) {
        fail(error, need);
      }
    }
    running = false;
  };
  return {
    request(need) {
      if (pending === undefined || need > pending) pending = need;
      if (running) return;
      running = true;
      void drain();
    },
    drop: () => void (pending = undefined),
  };
}
