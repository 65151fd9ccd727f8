// Builds every entry as ESM + CJS + types, and the core once more as a script-tag bundle.
import typescript from "@rollup/plugin-typescript";
import resolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import { dts } from "rollup-plugin-dts";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const peers = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  "supertokens-socket",
];
// "supertokens-web-js/recipe/session/index.js", "react/jsx-runtime", "node:*": a peer's subpath is a peer too.
const external = (id) => id.startsWith("node:") || peers.some((p) => id === p || id.startsWith(`${p}/`));

/** name → source; dist/<name>.{js,cjs,d.ts,d.cts} */
const entries = {
  index: { input: "src/index.ts" },
  website: { input: "src/website.ts" },
  react: { input: "src/react/index.ts", banner: "'use client';" },
  vue: { input: "src/vue/index.ts" },
  svelte: { input: "src/svelte/index.ts" },
  angular: { input: "src/angular/index.ts" },
  server: { input: "src/server/index.ts" },
};

const ts = () =>
  typescript({ tsconfig: "./tsconfig.build.json", compilerOptions: { declaration: false, noEmit: false } });

const code = Object.entries(entries).map(([name, { input, banner }]) => ({
  input,
  external,
  plugins: [ts()],
  output: [
    { file: `dist/${name}.js`, format: "es", banner, sourcemap: true },
    { file: `dist/${name}.cjs`, format: "cjs", banner, sourcemap: true, exports: "named" },
  ],
}));

const types = Object.entries(entries).map(([name, { input }]) => ({
  input,
  external,
  plugins: [dts({ tsconfig: "./tsconfig.build.json" })],
  output: [
    { file: `dist/${name}.d.ts`, format: "es" },
    { file: `dist/${name}.d.cts`, format: "es" },
  ],
}));

// The script-tag build: mitt inlined, peers read from the globals their own script bundles define. The minified file
// is for <script> tags; the unminified one is named .cjs because that is what require() and bundlers get from its
// CommonJS branch (a .js file in this "type": "module" package would be taken for ESM, whose UMD branch exports
// nothing). Its types (umd.d.cts): the core's exports, and the `SupertokensSocket` global a script tag defines.
const umdTypes = `export * from "./index.cjs";

declare global {
  /** What dist/supertokens-socket.umd.min.js defines when loaded by a <script> tag. */
  var SupertokensSocket: typeof import("./index.cjs");
}
`;
const emitUmdTypes = {
  name: "umd-types",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "umd.d.cts", source: umdTypes });
  },
};
const umdGlobals = {
  "socket.io-client": "io",
  "supertokens-web-js/recipe/session/index.js": "supertokensSession",
};
const umd = {
  input: "src/umd.ts",
  external: Object.keys(umdGlobals),
  plugins: [resolve({ browser: true }), ts()],
  output: [
    {
      file: "dist/supertokens-socket.umd.cjs",
      format: "umd",
      name: "SupertokensSocket",
      globals: umdGlobals,
      sourcemap: true,
      plugins: [emitUmdTypes],
    },
    {
      file: "dist/supertokens-socket.umd.min.js",
      format: "umd",
      name: "SupertokensSocket",
      globals: umdGlobals,
      sourcemap: true,
      plugins: [terser()],
    },
  ],
};

export default [...code, ...types, umd];
