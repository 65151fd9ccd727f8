// Builds the Vue example as a user's app: this repository packed with `npm pack`, the example's package.json
// installed by npm into a scratch directory (supertokens-socket from that tarball, vue, vite and @vitejs/plugin-vue
// as npm resolves them), then built by that install's own Vite (its JS API, with the Vue plugin compiling the
// single-file components) into `outdir` (index.html + assets/), in development mode (Vue's dev warnings on). Needs
// `npm run build` first.
//
//   node examples/vue/build.mjs [outdir]     default outdir: examples/vue/dist/
//
// It fails unless the bundle's supertokens-socket modules are exactly the tarball's dist/index.js and dist/vue.js,
// and unless its components were compiled in development mode. Browser tests import { buildVueExample }.
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
export async function buildVueExample({ outdir = resolve(here, "dist") } = {}) {
  if (!existsSync(resolve(ROOT, "dist/vue.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  const app = mkdtempSync(join(tmpdir(), "supertokens-socket-vue-"));
  try {
    let started = performance.now();
    const tarball = pack(app);
    const packMs = performance.now() - started;
    const manifest = JSON.parse(readFileSync(resolve(here, "package.json"), "utf8"));
    manifest.dependencies["supertokens-socket"] = `file:./${basename(tarball)}`;
    writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
    // The sources keep their places relative to each other: the app imports ../../shared/backend.
    const root = join(app, "examples/vue");
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
    const { default: vue } = await import(pathToFileURL(require.resolve("@vitejs/plugin-vue")).href);
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
        vue(),
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
    const expected = ["node_modules/supertokens-socket/dist/index.js", "node_modules/supertokens-socket/dist/vue.js"];
    if (JSON.stringify(socketModules) !== JSON.stringify(expected)) {
      throw new Error(`supertokens-socket should come from the tarball's ${expected.join(" and ")}, got: ${socketModules.join(", ")}`);
    }
    const installed = installedPackages(app);
    const version = (name) => JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;
    const scripts = readdirSync(join(outdir, "assets")).filter((file) => file.endsWith(".js"));
    const bytes = scripts.reduce((sum, file) => sum + statSync(join(outdir, "assets", file)).size, 0);
    // Development mode: @vitejs/plugin-vue names each component's file (`__file`) only outside production, and Vue's
    // own dev warnings are in.
    const code = scripts.map((file) => readFileSync(join(outdir, "assets", file), "utf8")).join("\n");
    if (!/__file", "[^"]*App\.vue"|__file = "[^"]*App\.vue"/.test(code) || !code.includes("[Vue warn]")) {
      throw new Error("the bundle holds no component compiled in development mode, or not Vue's development build");
    }
    return {
      outdir,
      bytes,
      packMs,
      installMs,
      buildMs,
      packages: installed.length,
      versions: Object.fromEntries(["vue", "vite", "@vitejs/plugin-vue"].map((n) => [n, version(n)])),
      socketModules,
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outdir = resolve(process.argv[2] ?? resolve(here, "dist"));
  const built = await buildVueExample({ outdir });
  console.log(
    `built ${relative(process.cwd(), outdir) || "."}/: npm pack ${(built.packMs / 1000).toFixed(1)} s, ` +
      `npm install ${(built.installMs / 1000).toFixed(1)} s (${built.packages} packages), vite build ${(built.buildMs / 1000).toFixed(1)} s ` +
      `(vue ${built.versions.vue}, vite ${built.versions.vite}, plugin ${built.versions["@vitejs/plugin-vue"]})`,
  );
}
