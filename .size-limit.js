// size-limit's budgets (part of npm test): min+gzip, as esbuild bundles and minifies. The client entries are measured
// as an app's bundler takes them (dist/*.bundler.js, the "module" condition), for production and for development:
// the app's define of process.env.NODE_ENV decides which texts stay (src/core/dev.ts).
const mode = (nodeEnv) => (config) => ({ ...config, define: { ...config.define, "process.env.NODE_ENV": JSON.stringify(nodeEnv) } });
const VANILLA = "{ createAuthedSocket, handleSessionEvent, handlePreAPIHook }";

/** A client entry's row for one mode. */
const client = (name, { path, import: imports, sdk, limit }, nodeEnv) => ({
  name: `${name}, ${nodeEnv}`,
  path,
  ...(imports && { import: imports }),
  limit,
  gzip: true,
  ignore: ["socket.io-client", sdk],
  modifyEsbuildConfig: mode(nodeEnv),
});

/** A binding's row: over the core, which is measured above. */
const binding = (name, path, imports, peers) => ({
  name,
  path,
  import: imports,
  limit: "1 KB",
  gzip: true,
  ignore: ["socket.io-client", "supertokens-web-js", "supertokens-socket", ...peers],
});

export default [
  client("core: createAuthedSocket + handleSessionEvent + handlePreAPIHook (what a vanilla app imports), peers ignored", { path: "dist/index.bundler.js", import: VANILLA, sdk: "supertokens-web-js", limit: "6.5 KB" }, "production"),
  client("core: the same (what a vanilla app imports), peers ignored", { path: "dist/index.bundler.js", import: VANILLA, sdk: "supertokens-web-js", limit: "6.75 KB" }, "development"),
  client("whole core entry (dist/index.bundler.js), peers ignored", { path: "dist/index.bundler.js", sdk: "supertokens-web-js", limit: "7.4 KB" }, "development"),
  client("website entry: createAuthedSocket + handleSessionEvent + handlePreAPIHook, peers ignored", { path: "dist/website.bundler.js", import: VANILLA, sdk: "supertokens-website", limit: "6.45 KB" }, "production"),
  client("website entry: the same, peers ignored", { path: "dist/website.bundler.js", import: VANILLA, sdk: "supertokens-website", limit: "6.7 KB" }, "development"),
  binding("svelte binding: authedSocket + socketEvent (dist/svelte.js), over the core, peers ignored", "dist/svelte.js", "{ authedSocket, socketEvent }", []),
  binding("react binding: the hooks and the provider (dist/react.js), over the core, peers ignored", "dist/react.js", "{ useAuthedSocket, useSocketEvent, AuthedSocketProvider, useAuthedSocketContext }", ["react"]),
  binding("vue binding: the composables and provide/inject (dist/vue.js), over the core, peers ignored", "dist/vue.js", "{ useAuthedSocket, useSocketEvent, provideAuthedSocket, injectAuthedSocket }", ["vue"]),
  binding("angular binding: injectAuthedSocket + injectSocketEvent (dist/angular.js), over the core, peers ignored", "dist/angular.js", "{ injectAuthedSocket, injectSocketEvent }", ["@angular/core"]),
];
