import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by its name, as users do, and run against the sources.
    alias: [
      { find: /^supertokens-socket$/, replacement: src("index.ts") },
      { find: /^supertokens-socket\/website$/, replacement: src("website.ts") },
      { find: /^supertokens-socket\/react$/, replacement: src("react/index.ts") },
      { find: /^supertokens-socket\/vue$/, replacement: src("vue/index.ts") },
      { find: /^supertokens-socket\/svelte$/, replacement: src("svelte/index.ts") },
      { find: /^supertokens-socket\/angular$/, replacement: src("angular/index.ts") },
      { find: /^supertokens-socket\/server$/, replacement: src("server/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.typetests.json" },
  },
});
