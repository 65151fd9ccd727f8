// Builds the Angular example as a user's app: this repository packed with `npm pack`, the example's package.json
// installed by npm into a scratch directory (supertokens-socket from that tarball, Angular, @angular/cli,
// @angular/build and typescript as npm resolves them), then built by that install's own Angular CLI (`ng build`,
// the @angular/build:application builder: Angular's compiler, ahead of time, and esbuild) into `outdir`
// (index.html + scripts), in the development configuration (no optimization: the faster build). Needs
// `npm run build` first.
//
//   node examples/angular/build.mjs [outdir]     default outdir: examples/angular/dist/
//
// It fails unless the bundle's supertokens-socket modules are exactly the tarball's dist/index.js and
// dist/angular.js (from the builder's stats.json). Browser tests import { buildAngularExample }.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CORE_FOR_BUNDLERS, ROOT, expectSocketModules, installedPackages, installedVersions, npmInstall, scaffoldExample } from "../../scripts/packed.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * @param {{ outdir?: string }} [options]
 * @returns {Promise<{ outdir: string, bytes: number, packMs: number, installMs: number, buildMs: number,
 *   packages: number, versions: Record<string, string>, socketModules: string[] }>}
 */
export async function buildAngularExample({ outdir = resolve(here, "dist") } = {}) {
  if (!existsSync(resolve(ROOT, "dist/angular.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  const app = mkdtempSync(join(tmpdir(), "supertokens-socket-angular-"));
  try {
    const { packMs, example, project: root } = scaffoldExample("angular", app);
    cpSync(join(example, "src"), join(root, "src"), { recursive: true });
    cpSync(join(example, "tsconfig.json"), join(root, "tsconfig.json"));
    // The workspace as it is, but for where it writes: the files straight into `outdir` (no browser/ folder).
    const workspace = JSON.parse(readFileSync(join(example, "angular.json"), "utf8"));
    workspace.projects.example.architect.build.options.outputPath = { base: outdir, browser: "" };
    writeFileSync(join(root, "angular.json"), JSON.stringify(workspace, null, 2));
    // The examples' shared page without its script: Angular's builder adds its own.
    const page = readFileSync(join(app, "examples/shared/index.html"), "utf8");
    const script = '<script type="module" src="./main.js"></script>';
    if (!page.includes(script)) throw new Error("examples/shared/index.html no longer loads ./main.js");
    writeFileSync(join(root, "index.html"), page.replace(script, "").replace('<div id="root"></div>', "<app-root></app-root>"));
    const installMs = npmInstall(app);

    // The app's own toolchain, from its node_modules (never this repository's): its `ng`.
    const require = createRequire(join(app, "package.json"));
    const ng = join(dirname(require.resolve("@angular/cli/package.json")), "bin/ng.js");
    const started = performance.now();
    const run = spawnSync(process.execPath, [ng, "build", "--configuration", "development"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NG_CLI_ANALYTICS: "false", NG_FORCE_TTY: "false", CI: "true" },
    });
    const buildMs = performance.now() - started;
    if (run.status !== 0) throw new Error(`ng build failed:\n${run.stdout}\n${run.stderr}`);
    // Angular's compiler warnings (templates, unused imports) fail the build here: the example's lint.
    if (/WARNING|▲ \[WARNING\]/.test(`${run.stdout}${run.stderr}`)) throw new Error(`ng build warned:\n${run.stdout}\n${run.stderr}`);

    // The builder's stats.json is esbuild's metafile: every input of the bundle, relative to the project.
    const stats = JSON.parse(readFileSync(join(outdir, "stats.json"), "utf8"));
    rmSync(join(outdir, "stats.json"));
    const inApp = Object.keys(stats.inputs).map((id) => relative(app, resolve(root, id.replace(/^[\w-]+:/, ""))));
    const socketModules = [...new Set(inApp.filter((id) => id.includes("node_modules/supertokens-socket/")))].sort();
    expectSocketModules(socketModules, [...CORE_FOR_BUNDLERS, "dist/angular.js"]);
    const installed = installedPackages(app);
    const scripts = readdirSync(outdir).filter((file) => file.endsWith(".js"));
    const bytes = scripts.reduce((sum, file) => sum + statSync(join(outdir, file)).size, 0);
    return {
      outdir,
      bytes,
      packMs,
      installMs,
      buildMs,
      packages: installed.length,
      versions: installedVersions(app, ["@angular/core", "@angular/build", "@angular/cli", "typescript"]),
      socketModules,
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outdir = resolve(process.argv[2] ?? resolve(here, "dist"));
  const built = await buildAngularExample({ outdir });
  console.log(
    `built ${relative(process.cwd(), outdir) || "."}/: npm pack ${(built.packMs / 1000).toFixed(1)} s, ` +
      `npm install ${(built.installMs / 1000).toFixed(1)} s (${built.packages} packages), ng build ${(built.buildMs / 1000).toFixed(1)} s ` +
      `(${Object.entries(built.versions).map(([n, v]) => `${n} ${v}`).join(", ")})`,
  );
}
