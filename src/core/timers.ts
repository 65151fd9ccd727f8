import { after, type Clock } from "./clock";

export interface Timers<Slot extends string> {
  /** Arms the slot's timer, replacing the one it had. */
  arm(slot: Slot, delayMs: number, fire: () => void): void;
  has(slot: Slot): boolean;
  clear(slot?: Slot): void;
}

/** One timer per purpose (a new one replaces the old), on the handle's clock; `clear()` clears them all. */
export function timers<Slot extends string>(clock: Clock): Timers<Slot> {
  const cancels = new Map<Slot, () => void>();
  const clear = (slot?: Slot) => {
    for (const [key, cancel] of cancels) if (slot === undefined || key === slot) cancel(), cancels.delete(key);
  };
  return {
    arm(slot, delayMs, fire) {
      clear(slot);
      let fired = false;
      const cancel = after(clock, delayMs, () => ((fired = true), cancels.delete(slot), fire()));
      // A timer already due fires at once, inside `after`: it must not stay listed as pending.
      if (!fired) cancels.set(slot, cancel);
    },
    has: (slot) => cancels.has(slot),
    clear,
  };
}
