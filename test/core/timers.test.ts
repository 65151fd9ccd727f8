// One timer per purpose on the handle's clock.
import { describe, expect, it } from "vitest";
import { timers } from "../../src/core/timers";
import { fakeClock } from "../support/fakeClock";

describe("timers", () => {
  it("a timer already due fires at once and is not left listed as pending", () => {
    const clock = fakeClock();
    const slots = timers<"refresh">(clock);
    let fired = 0;
    slots.arm("refresh", -5, () => fired++);
    expect(fired).toBe(1);
    expect(slots.has("refresh")).toBe(false);
  });

  it("a new timer replaces the slot's old one; clear() clears every slot", () => {
    const clock = fakeClock();
    const slots = timers<"a" | "b">(clock);
    const fired: string[] = [];
    slots.arm("a", 100, () => fired.push("a1"));
    slots.arm("a", 200, () => fired.push("a2"));
    slots.arm("b", 300, () => fired.push("b"));
    clock.advance(250);
    expect(fired).toEqual(["a2"]);
    slots.clear();
    clock.advance(1_000);
    expect(fired).toEqual(["a2"]);
    expect(clock.pending).toBe(0);
  });
});
