// Builds the supertokens-auth-react example as a user's app: this repository packed with `npm pack`, the example's
// package.json installed by npm into a scratch directory (supertokens-socket from that tarball, everything else as
// npm resolves it), then bundled with esbuild into `outdir` (index.html + main.js). Needs `npm run build` first.
//
//   node examples/auth-react/build.mjs [outdir]     default outdir: examples/auth-react/dist/
//
// It fails unless npm installed exactly one supertokens-web-js (auth-react's peer and this package's are the same
// copy) and the bundle holds exactly that one, and unless supertokens-socket came from the tarball's dist/.
// Browser tests import { buildAuthReactExample }.
import { build } from "esbuild";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ROOT, installedPackages, npmInstall, pack } from "../../scripts/packed.mjs";

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
    let started = performance.now();
    const tarball = pack(app);
    const packMs = performance.now() - started;
    const manifest = JSON.parse(readFileSync(resolve(here, "package.json"), "utf8"));
    manifest.dependencies["supertokens-socket"] = `file:./${basename(tarball)}`;
    writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
    cpSync(resolve(here, "src"), join(app, "src"), { recursive: true });
    const installMs = npmInstall(app);

    const installed = installedPackages(app);
    const webJsInstalled = installed.filter((p) => p.name === "supertokens-web-js").map((p) => relative(app, p.dir));
    if (webJsInstalled.length !== 1) {
      throw new Error(`npm installed ${webJsInstalled.length} copies of supertokens-web-js: ${webJsInstalled.join(", ")}`);
    }

    started = performance.now();
    const result = await build({
      entryPoints: { main: join(app, "src/main.tsx") },
      absWorkingDir: app,
      outdir,
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2020",
      jsx: "automatic",
      minify,
      sourcemap: true,
      metafile: true,
      logLevel: "warning",
      define: { "process.env.NODE_ENV": JSON.stringify(minify ? "production" : "development") },
    });
    const bundleMs = performance.now() - started;
    const inputs = Object.keys(result.metafile.inputs);
    const webJsBundled = bundledCopies(inputs, "supertokens-web-js");
    if (webJsBundled.length !== 1 || webJsBundled[0] !== webJsInstalled[0]) {
      throw new Error(`the bundle holds supertokens-web-js from ${webJsBundled.join(", ") || "nowhere"}, expected ${webJsInstalled[0]}`);
    }
    const socketInputs = inputs.filter((i) => i.includes("node_modules/supertokens-socket/")).sort();
    if (!socketInputs.every((i) => /^node_modules\/supertokens-socket\/dist\/(index|react)\.js$/.test(i)) || socketInputs.length !== 2) {
      throw new Error(`supertokens-socket should come from the tarball's dist/index.js and dist/react.js, got: ${socketInputs.join(", ")}`);
    }
    copyFileSync(resolve(here, "index.html"), join(outdir, "index.html"));
    const bytes = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith("main.js"))?.[1].bytes ?? 0;
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
