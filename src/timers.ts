import { after, type Clock } from "./clock";

/** One timer per purpose (a new one replaces the old), on the handle's clock. */
export class Timers<Slot extends string> {
  readonly #cancels = new Map<Slot, () => void>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  arm(slot: Slot, delayMs: number, fire: () => void): void {
    this.clear(slot);
    this.#cancels.set(
      slot,
      after(this.#clock, delayMs, () => {
        this.#cancels.delete(slot);
        fire();
      }),
    );
  }

  has(slot: Slot): boolean {
    return this.#cancels.has(slot);
  }

  clear(slot: Slot): void {
    this.#cancels.get(slot)?.();
    this.#cancels.delete(slot);
  }

  clearAll(): void {
    for (const slot of [...this.#cancels.keys()]) this.clear(slot);
  }
}
