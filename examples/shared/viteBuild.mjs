// How the Vite examples (Vue, Svelte) are built: the app's own Vite, from its node_modules (never this repository's),
// through its JS API, in development mode, with the framework's plugin.
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Builds the app installed in `app` (its index.html in `root`) into `outdir` with its own Vite and the plugin
 * `loadPlugin` makes from the app's own `import` (its framework's, from the app's node_modules).
 * @param {{ app: string, root: string, outdir: string, loadPlugin: (load: (name: string) => Promise<any>) => Promise<unknown> }} options
 * @returns {Promise<{ buildMs: number, socketModules: string[] }>} how long the build took, and the bundle's
 *   supertokens-socket files (relative to the app, sorted)
 */
export async function viteBuild({ app, root, outdir, loadPlugin }) {
  const require = createRequire(join(app, "package.json"));
  const load = (name) => import(pathToFileURL(require.resolve(name)).href);
  const { build } = await load("vite");
  const plugin = await loadPlugin(load);
  const modules = new Set();
  const started = performance.now();
  // Vite builds for production unless NODE_ENV says development (its documented way to a development build).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "development";
  await build({
    root,
    configFile: false,
    mode: "development",
    logLevel: "warn",
    plugins: [
      plugin,
      {
        name: "record-modules",
        generateBundle(_options, bundle) {
          for (const chunk of Object.values(bundle)) {
            if (chunk.type === "chunk") for (const id of chunk.moduleIds ?? Object.keys(chunk.modules)) modules.add(id);
          }
        },
      },
    ],
    build: { outDir: outdir, emptyOutDir: true, minify: false, sourcemap: true, reportCompressedSize: false },
  }).finally(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  });
  const buildMs = performance.now() - started;
  const inApp = [...modules].map((id) => relative(app, id.replace(/\?.*$/, "")));
  return { buildMs, socketModules: inApp.filter((id) => id.includes("node_modules/supertokens-socket/")).sort() };
}
