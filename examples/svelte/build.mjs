// Builds the Svelte example as a user's app: this repository packed with `npm pack`, the example's package.json
// installed by npm into a scratch directory (supertokens-socket from that tarball, svelte, vite and
// @sveltejs/vite-plugin-svelte as npm resolves them), then built by that install's own Vite (its JS API, with the
// Svelte plugin) into `outdir` (index.html + assets/), in development mode (Svelte's dev checks on). Needs
// `npm run build` first.
//
//   node examples/svelte/build.mjs [outdir]     default outdir: examples/svelte/dist/
//
// It fails unless the bundle's supertokens-socket modules are exactly the tarball's dist/index.js and dist/svelte.js,
// and unless its components were compiled in Svelte's development mode. Browser tests import { buildSvelteExample }.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { viteBuild } from "../shared/viteBuild.mjs";
import { CORE_FOR_BUNDLERS, ROOT, expectSocketModules, installedPackages, installedVersions, npmInstall, scaffoldExample } from "../../scripts/packed.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * @param {{ outdir?: string }} [options]
 * @returns {Promise<{ outdir: string, bytes: number, packMs: number, installMs: number, buildMs: number,
 *   packages: number, versions: Record<string, string>, socketModules: string[] }>}
 */
export async function buildSvelteExample({ outdir = resolve(here, "dist") } = {}) {
  if (!existsSync(resolve(ROOT, "dist/svelte.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  const app = mkdtempSync(join(tmpdir(), "supertokens-socket-svelte-"));
  try {
    const { packMs, example, project: root } = scaffoldExample("svelte", app);
    cpSync(join(example, "src"), join(root, "src"), { recursive: true });
    // The examples' shared page, its script pointed at the app's entry for Vite.
    const page = readFileSync(join(app, "examples/shared/index.html"), "utf8");
    if (!page.includes('src="./main.js"')) throw new Error("examples/shared/index.html no longer loads ./main.js");
    writeFileSync(join(root, "index.html"), page.replace('src="./main.js"', 'src="./src/main.ts"'));
    const installMs = npmInstall(app);

    const { buildMs, socketModules } = await viteBuild({ app, root, outdir, loadPlugin: async (load) => (await load("@sveltejs/vite-plugin-svelte")).svelte() });
    expectSocketModules(socketModules, [...CORE_FOR_BUNDLERS, "dist/svelte.js"]);
    const installed = installedPackages(app);
    const scripts = readdirSync(join(outdir, "assets")).filter((file) => file.endsWith(".js"));
    const bytes = scripts.reduce((sum, file) => sum + statSync(join(outdir, "assets", file)).size, 0);
    // Development mode: the components were compiled with Svelte's dev checks (each names its file).
    if (!scripts.some((file) => readFileSync(join(outdir, "assets", file), "utf8").includes("App[FILENAME] = "))) {
      throw new Error("the bundle holds no component compiled in Svelte's development mode");
    }
    return {
      outdir,
      bytes,
      packMs,
      installMs,
      buildMs,
      packages: installed.length,
      versions: installedVersions(app, ["svelte", "vite", "@sveltejs/vite-plugin-svelte"]),
      socketModules,
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outdir = resolve(process.argv[2] ?? resolve(here, "dist"));
  const built = await buildSvelteExample({ outdir });
  console.log(
    `built ${relative(process.cwd(), outdir) || "."}/: npm pack ${(built.packMs / 1000).toFixed(1)} s, ` +
      `npm install ${(built.installMs / 1000).toFixed(1)} s (${built.packages} packages), vite build ${(built.buildMs / 1000).toFixed(1)} s ` +
      `(svelte ${built.versions.svelte}, vite ${built.versions.vite}, plugin ${built.versions["@sveltejs/vite-plugin-svelte"]})`,
  );
}
