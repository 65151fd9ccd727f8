// Builds every entry as ESM + CJS + types, and the core once more as a script-tag bundle.
import typescript from "@rollup/plugin-typescript";
import resolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import { dts } from "rollup-plugin-dts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

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

// The development flag (src/core/dev.ts), written per build: bundlers get an expression their define of
// process.env.NODE_ENV turns into a constant (the minifier then drops what it decides); the UMD files get a constant.
const DEV_LINE = /^export const DEV(: boolean)? = .*;$/m;
const devFlag = (expression) => ({
  name: "dev-flag",
  transform(code, id) {
    if (!id.endsWith("/src/core/dev.ts")) return null;
    if (!DEV_LINE.test(code)) this.error("src/core/dev.ts: the DEV line is not where devFlag looks for it");
    return { code: code.replace(DEV_LINE, `export const DEV = ${expression};`), map: null };
  },
});
const FOR_BUNDLERS = 'process.env.NODE_ENV !== "production"';

const ts = () =>
  typescript({ tsconfig: "./tsconfig.build.json", compilerOptions: { declaration: false, noEmit: false } });

// The client entries also come as dist/<name>.bundler.js (the "module" condition: what bundlers resolve), where
// development is decided by the app's build; dist/<name>.js and .cjs (Node, an unbundled import) decide it at run
// time. The bundler files import the flag from a module of its own, dist/dev.bundler.js, which imports nothing: a
// minifier inlines a constant from such a module (esbuild does not inline one declared in a file with imports).
// The bindings hold no development code: one build each.
const DEV_SOURCE = fileURLToPath(new URL("./src/core/dev.ts", import.meta.url));
const clients = ["index", "website"];
const devModule = {
  input: DEV_SOURCE,
  plugins: [devFlag(FOR_BUNDLERS), ts()],
  output: { file: "dist/dev.bundler.js", format: "es", sourcemap: true },
};
const forBundlers = clients.map((name) => ({
  input: entries[name].input,
  external: (id) => id === DEV_SOURCE || external(id),
  plugins: [ts()],
  output: { file: `dist/${name}.bundler.js`, format: "es", sourcemap: true, paths: { [DEV_SOURCE]: "./dev.bundler.js" } },
}));

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
// The plain UMD file is the development build, the minified one the production build.
const umdBuild = (file, dev, plugins) => ({
  input: "src/umd.ts",
  external: Object.keys(umdGlobals),
  plugins: [devFlag(String(dev)), resolve({ browser: true }), ts()],
  output: { file, format: "umd", name: "SupertokensSocket", globals: umdGlobals, sourcemap: true, plugins },
});
const umd = [
  umdBuild("dist/supertokens-socket.umd.cjs", true, [emitUmdTypes]),
  umdBuild("dist/supertokens-socket.umd.min.js", false, [terser()]),
];

export default [...code, devModule, ...forBundlers, ...types, ...umd];
