// Builds the supertokens-auth-react example as a user's app: this repository packed with `npm pack`, the example's
// package.json installed by npm into a scratch directory (supertokens-socket from that tarball, everything else as
// npm resolves it), then bundled with esbuild (examples/shared/bundle.mjs) into `outdir` (index.html + main.js), React
// in development mode unless minified. Needs `npm run build` first.
//
//   node examples/auth-react/build.mjs [outdir]     default outdir: examples/auth-react/dist/
//
// It fails unless npm installed exactly one supertokens-web-js (auth-react's peer and this package's are the same
// copy) and the bundle holds exactly that one, and unless supertokens-socket came from the tarball's dist/.
// Browser tests import { buildAuthReactExample }.
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CORE_FOR_BUNDLERS, ROOT, expectSocketModules, installedPackages, npmInstall, scaffoldExample } from "../../scripts/packed.mjs";
import { bundleExample } from "../shared/bundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** The package directories (relative to the app) that bundle inputs come from, for one package name. */
function bundledCopies(inputs, name) {
  const marker = `node_modules/${name}/`;
  return [...new Set(inputs.filter((i) => i.includes(marker)).map((i) => i.slice(0, i.lastIndexOf(marker) + marker.length - 1)))];
}

/**
 * @param {{ outdir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outdir: string, bytes: number, packMs: number, installMs: number, bundleMs: number,
 *   packages: number, webJs: { installed: string[], bundled: string[] }, socketInputs: string[] }>}
 */
export async function buildAuthReactExample({ outdir = resolve(here, "dist"), minify = true } = {}) {
  if (!existsSync(resolve(ROOT, "dist/index.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  const app = mkdtempSync(join(tmpdir(), "supertokens-socket-auth-react-"));
  try {
    const { packMs, example, project } = scaffoldExample("auth-react", app);
    cpSync(join(example, "src"), join(project, "src"), { recursive: true });
    const installMs = npmInstall(app);

    const installed = installedPackages(app);
    const webJsInstalled = installed.filter((p) => p.name === "supertokens-web-js").map((p) => relative(app, p.dir));
    if (webJsInstalled.length !== 1) {
      throw new Error(`npm installed ${webJsInstalled.length} copies of supertokens-web-js: ${webJsInstalled.join(", ")}`);
    }

    const started = performance.now();
    const { inputs, bytes } = await bundleExample({ entry: join(project, "src/main.tsx"), outdir, minify, absWorkingDir: app });
    const bundleMs = performance.now() - started;
    const webJsBundled = bundledCopies(inputs, "supertokens-web-js");
    if (webJsBundled.length !== 1 || webJsBundled[0] !== webJsInstalled[0]) {
      throw new Error(`the bundle holds supertokens-web-js from ${webJsBundled.join(", ") || "nowhere"}, expected ${webJsInstalled[0]}`);
    }
    const socketInputs = inputs.filter((i) => i.includes("node_modules/supertokens-socket/")).sort();
    expectSocketModules(socketInputs, [...CORE_FOR_BUNDLERS, "dist/react.js"]);
    return {
      outdir,
      bytes,
      packMs,
      installMs,
      bundleMs,
      packages: installed.length,
      webJs: { installed: webJsInstalled, bundled: webJsBundled },
      socketInputs,
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outdir = resolve(process.argv[2] ?? resolve(here, "dist"));
  const built = await buildAuthReactExample({ outdir });
  console.log(
    `built ${relative(process.cwd(), outdir) || "."}/ (main.js ${(built.bytes / 1024).toFixed(1)} kB): npm pack ${(built.packMs / 1000).toFixed(1)} s, ` +
      `npm install ${(built.installMs / 1000).toFixed(1)} s (${built.packages} packages, one supertokens-web-js), esbuild ${(built.bundleMs / 1000).toFixed(1)} s`,
  );
}
