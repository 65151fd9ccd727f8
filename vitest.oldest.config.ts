import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import base from "./vitest.config";

/*
 * test/vue and test/angular once more on the oldest versions the peer ranges claim: vue 3.3 and Angular 17, from the
 * npm workspace test/oldest (nested there, beside the root's vue 3.5 and Angular 21). `vue`, `@angular/*` and their
 * subpaths resolve there; the tests read EXPECTED_VUE_MINOR / EXPECTED_ANGULAR_MAJOR to check the run really is on them.
 */
const oldest = (name: string) => fileURLToPath(new URL(`./test/oldest/node_modules/${name}`, import.meta.url));

export default defineConfig({
  ...base,
  resolve: {
    alias: [
      { find: /^vue$/, replacement: oldest("vue") },
      { find: /^vue\/(.+)$/, replacement: `${oldest("vue")}/$1` },
      { find: /^@angular\/([^/]+)$/, replacement: `${oldest("@angular")}/$1` },
      { find: /^@angular\/([^/]+)\/(.+)$/, replacement: `${oldest("@angular")}/$1/$2` },
      { find: /^zone\.js$/, replacement: oldest("zone.js") },
      { find: /^zone\.js\/(.+)$/, replacement: `${oldest("zone.js")}/$1` },
      ...(base.resolve?.alias as { find: RegExp; replacement: string }[]),
    ],
  },
  test: {
    ...base.test,
    include: ["test/vue/**/*.test.{ts,tsx}", "test/angular/**/*.test.{ts,tsx}"],
    typecheck: { enabled: false },
    env: { EXPECTED_VUE_MINOR: "3.3", EXPECTED_ANGULAR_MAJOR: "17" },
  },
});
