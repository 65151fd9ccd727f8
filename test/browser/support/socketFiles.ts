/**
 * The supertokens-socket files an app's bundler takes from the installed tarball, sorted: the core as bundlers get it
 * (its "module" condition: dist/index.bundler.js and its development flag, dist/dev.bundler.js) and the binding's
 * `binding` file. As scripts/packed.mjs's CORE_FOR_BUNDLERS, which the examples' builds check.
 */
export const socketFiles = (binding: string): string[] =>
  ["dist/dev.bundler.js", "dist/index.bundler.js", `dist/${binding}`].map((file) => `node_modules/supertokens-socket/${file}`).sort();
