import { version as reactVersion } from "react";
import { version as reactDomVersion } from "react-dom";
import { describe, expect, it } from "vitest";

// npm test runs test/react twice: on the root's React 19 (vitest.config.ts) and on React 18 (vitest.react18.config.ts).
const expected = process.env.EXPECTED_REACT_MAJOR ?? "19";

describe(`the React suite's React (${expected})`, () => {
  it(`runs on react and react-dom ${expected}`, () => {
    expect(reactVersion.split(".")[0]).toBe(expected);
    expect(reactDomVersion.split(".")[0]).toBe(expected);
  });
});
