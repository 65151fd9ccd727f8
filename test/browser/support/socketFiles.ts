/**
 * The supertokens-socket files an app's bundler takes from the installed tarball, sorted: the core as bundlers get it
 * (its "module" condition: dist/index.bundler.js) and the binding's `binding` file. As scripts/packed.mjs's
 * CORE_FOR_BUNDLERS, which the examples' builds check.
 */
export const socketFiles = (binding: string): string[] =>
  ["dist/index.bundler.js", `dist/${binding}`].map((file) => `node_modules/supertokens-socket/${file}`).sort();

/**
 * `found` without the development flag's module (dist/dev.bundler.js): a bundler may inline it whole (Vite's does),
 * so it is there or not.
 */
export const withoutFlag = (found: string[] | undefined): string[] | undefined =>
  found?.filter((file) => !file.endsWith("supertokens-socket/dist/dev.bundler.js"));
