import type { Clock } from "../../src/core/clock";

/**
 * A clock for the handle's `clock` option that moves only when told: `advance(ms)` moves `now()` and fires, in
 * order, every timer that falls due (and those they arm). Real time still passes for everything else (sockets).
 */
export function fakeClock(): Clock & { advance(ms: number): void; readonly pending: number } {
  let offset = 0;
  let id = 0;
  const timers = new Map<number, { at: number; fire: () => void }>();
  const clock = {
    now: () => Date.now() + offset,
    setTimeout(fire: () => void, ms: number) {
      timers.set(++id, { at: clock.now() + ms, fire });
      return id;
    },
    clearTimeout: (timer: unknown) => void timers.delete(timer as number),
    advance(ms: number) {
      offset += ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= clock.now()).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) return;
        timers.delete(due[0]);
        due[1].fire();
      }
    },
    get pending() {
      return timers.size;
    },
  };
  return clock;
}
