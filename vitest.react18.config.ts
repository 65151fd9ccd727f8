import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import base from "./vitest.config";

/*
 * test/react once more on React 18 (the npm workspace test/react18 holds react and react-dom 18, nested: react-dom 18's
 * peer on react conflicts with the root's React 19). `react`, `react-dom` and their subpaths (react/jsx-runtime,
 * react-dom/client, react-dom/server, ...) resolve there. @testing-library/react is taken as its ESM build and inlined,
 * so the alias reaches its imports too (its CommonJS build's require() calls would bypass it). test/react/reactVersion.test.ts checks the run really is on React 18.
 */
const react18 = (name: string) => fileURLToPath(new URL(`./test/react18/node_modules/${name}`, import.meta.url));
const testingLibrary = fileURLToPath(
  new URL("./node_modules/@testing-library/react/dist/@testing-library/react.esm.js", import.meta.url),
);

export default defineConfig({
  ...base,
  resolve: {
    alias: [
      { find: /^react$/, replacement: react18("react") },
      { find: /^react\/(.+)$/, replacement: `${react18("react")}/$1` },
      { find: /^react-dom$/, replacement: react18("react-dom") },
      { find: /^react-dom\/(.+)$/, replacement: `${react18("react-dom")}/$1` },
      { find: /^@testing-library\/react$/, replacement: testingLibrary },
      ...(base.resolve?.alias as { find: RegExp; replacement: string }[]),
    ],
  },
  test: {
    ...base.test,
    include: ["test/react/**/*.test.{ts,tsx}"],
    typecheck: { enabled: false },
    env: { EXPECTED_REACT_MAJOR: "18" },
    server: { deps: { inline: ["@testing-library/react"] } },
  },
});
