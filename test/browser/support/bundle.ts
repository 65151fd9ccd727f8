import { build } from "esbuild";
import { resolve } from "node:path";
import { FIXTURES, ROOT } from "./staticServer";

/**
 * Bundles a fixture entry (fixtures/esm-entry.js unless told) as an app bundler would: "supertokens-socket" is the package's ESM build
 * (dist/index.bundler.js, its package.json `exports` "module" condition), supertokens-web-js and socket.io-client come from node_modules
 * into the same bundle. Answers the code and the inputs that went in (to check there is one copy of each).
 */
export async function bundleEsmApp(entry = "esm-entry.js"): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [resolve(FIXTURES, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: ROOT,
    plugins: [
      {
        // What `import "supertokens-socket"` resolves to in an app's bundler: its "module" export.
        name: "installed-package",
        setup(builder) {
          builder.onResolve({ filter: /^supertokens-socket$/ }, () => ({ path: resolve(ROOT, "dist/index.bundler.js") }));
        },
      },
    ],
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}
