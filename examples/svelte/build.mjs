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
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ROOT, installedPackages, npmInstall, pack } from "../../scripts/packed.mjs";

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
    let started = performance.now();
    const tarball = pack(app);
    const packMs = performance.now() - started;
    const manifest = JSON.parse(readFileSync(resolve(here, "package.json"), "utf8"));
    manifest.dependencies["supertokens-socket"] = `file:./${basename(tarball)}`;
    writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
    // The sources keep their places relative to each other: the app imports ../../shared/backend.
    const root = join(app, "examples/svelte");
    cpSync(resolve(here, "src"), join(root, "src"), { recursive: true });
    cpSync(resolve(here, "../shared"), join(app, "examples/shared"), { recursive: true });
    // The examples' shared page, its script pointed at the app's entry for Vite.
    const page = readFileSync(resolve(here, "../shared/index.html"), "utf8");
    if (!page.includes('src="./main.js"')) throw new Error("examples/shared/index.html no longer loads ./main.js");
    writeFileSync(join(root, "index.html"), page.replace('src="./main.js"', 'src="./src/main.ts"'));
    const installMs = npmInstall(app);

    // The app's own toolchain, from its node_modules (never this repository's).
    const require = createRequire(join(app, "package.json"));
    const { build } = await import(pathToFileURL(require.resolve("vite")).href);
    const { svelte } = await import(pathToFileURL(require.resolve("@sveltejs/vite-plugin-svelte")).href);
    const modules = new Set();
    started = performance.now();
    // Vite builds for production unless NODE_ENV says development (its documented way to a development build).
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "development";
    await build({
      root,
      configFile: false,
      mode: "development",
      logLevel: "warn",
      plugins: [
        svelte(),
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
    const socketModules = inApp.filter((id) => id.includes("node_modules/supertokens-socket/")).sort();
    const expected = ["node_modules/supertokens-socket/dist/index.js", "node_modules/supertokens-socket/dist/svelte.js"];
    if (JSON.stringify(socketModules) !== JSON.stringify(expected)) {
      throw new Error(`supertokens-socket should come from the tarball's ${expected.join(" and ")}, got: ${socketModules.join(", ")}`);
    }
    const installed = installedPackages(app);
    const version = (name) => JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;
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
      versions: Object.fromEntries(["svelte", "vite", "@sveltejs/vite-plugin-svelte"].map((n) => [n, version(n)])),
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
