import { version } from "vue";
import { describe, expect, it } from "vitest";

// test/vue runs twice: on the root's Vue 3.5 (vitest.config.ts) and on Vue 3.3, the oldest the peer range claims
// (vitest.oldest.config.ts sets EXPECTED_VUE_MINOR=3.3).
const expected = process.env.EXPECTED_VUE_MINOR;

describe(`the Vue suite's Vue (${expected ?? "the root's"})`, () => {
  it.runIf(expected)(`runs on vue ${expected}`, () => {
    expect(version.split(".").slice(0, 2).join(".")).toBe(expected);
  });
  it("runs on Vue 3.3 or later", () => {
    const [major, minor] = version.split(".").map(Number);
    expect(major).toBe(3);
    expect(minor).toBeGreaterThanOrEqual(3);
  });
});
