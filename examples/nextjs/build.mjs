// Builds the Next.js example as a user's app: this repository packed with `npm pack`, the example's package.json
// installed by npm into a scratch directory (supertokens-socket from that tarball; next, react, react-dom,
// supertokens-auth-react, supertokens-web-js and socket.io-client as npm resolves them), then built by that
// install's own `next build`. Needs `npm run build` first. The directory is kept: `next start` serves from it.
//
//   node examples/nextjs/build.mjs [dir]     default dir: .tmp/nextjs-example/ (then: cd <dir>/examples/nextjs &&
//                                            ../../node_modules/.bin/next start)
//
// It fails unless the supertokens-socket modules of the browser bundles and of the server's (read from their source
// maps) are exactly the tarball's dist/index.js and dist/react.js. Browser tests import { buildNextExample, startNext }.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CORE_FOR_BUNDLERS, ROOT, expectSocketModules, installedPackages, installedVersions, npmInstall, scaffoldExample } from "../../scripts/packed.mjs";

const here = dirname(fileURLToPath(import.meta.url));
/** No telemetry (and no network call for it) from the app's own next. */
const nextEnv = () => ({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" });

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((file) => join(dir, String(file)))
    .filter((file) => file.endsWith(suffix) && statSync(file).isFile());
}

/** The supertokens-socket files named by the source maps under `dir`, as `node_modules/supertokens-socket/...`. */
function socketSources(dir) {
  const found = new Set();
  for (const file of filesUnder(dir, ".map")) {
    const map = JSON.parse(readFileSync(file, "utf8"));
    // Turbopack writes index maps: one map per section.
    for (const source of [map, ...(map.sections ?? []).map((s) => s.map)].flatMap((m) => m?.sources ?? [])) {
      const match = /node_modules\/supertokens-socket\/(.*)$/.exec(decodeURIComponent(source));
      if (match) found.add(`node_modules/supertokens-socket/${match[1]}`);
    }
  }
  return [...found].sort();
}

/**
 * @param {{ dir: string }} options  the scratch directory (emptied first)
 * @returns {Promise<{ dir: string, project: string, next: string, packMs: number, installMs: number, buildMs: number,
 *   packages: number, bytes: number, versions: Record<string, string>, socketModules: string[], serverSocketModules: string[], output: string }>}
 */
export async function buildNextExample({ dir }) {
  if (!existsSync(resolve(ROOT, "dist/react.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { packMs, example, project } = scaffoldExample("nextjs", dir);
  for (const entry of ["app", "tsconfig.json"]) cpSync(join(example, entry), join(project, entry), { recursive: true });
  // The example's config, plus browser source maps that name the files each bundle was made from: the files
  // themselves (Turbopack would otherwise follow the package's own maps back to its src/).
  cpSync(join(example, "next.config.mjs"), join(project, "next.config.example.mjs"));
  writeFileSync(
    join(project, "next.config.mjs"),
    `import config from "./next.config.example.mjs";\n` +
      `export default { ...config, productionBrowserSourceMaps: true, ` +
      `experimental: { ...config.experimental, turbopackInputSourceMaps: false } };\n`,
  );
  const installMs = npmInstall(dir);

  // The app's own next, from its node_modules (never this repository's).
  const next = join(dir, "node_modules/next/dist/bin/next");
  const started = performance.now();
  const run = spawnSync(process.execPath, [next, "build"], { cwd: project, encoding: "utf8", env: nextEnv() });
  const buildMs = performance.now() - started;
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`next build failed:\n${output}`);

  // The browser's bundles and the server's (the client components' server render) alike.
  const socketModules = socketSources(join(project, ".next/static"));
  const serverSocketModules = socketSources(join(project, ".next/server"));
  for (const [where, modules] of [["the browser bundles", socketModules], ["the server bundles", serverSocketModules]]) {
    expectSocketModules(modules, [...CORE_FOR_BUNDLERS, "dist/react.js"], where);
  }
  const bytes = filesUnder(join(project, ".next/static"), ".js").reduce((sum, file) => sum + statSync(file).size, 0);
  return {
    dir,
    project,
    next,
    packMs,
    installMs,
    buildMs,
    packages: installedPackages(dir).length,
    bytes,
    versions: installedVersions(dir, ["next", "react", "react-dom", "supertokens-auth-react"]),
    socketModules,
    serverSocketModules,
    output,
  };
}

/**
 * Runs the built app's own `next start` (or `next dev` with `dev: true`) on 127.0.0.1:`port`, in a process group of
 * its own; answers once it answers a request for the page. `close()` ends the whole group (next's workers with it) and waits for it.
 * @param {{ project: string, next: string }} built  what buildNextExample answered
 * @param {number} port
 * @param {{ dev?: boolean, timeoutMs?: number }} [options]
 */
export async function startNext({ project, next }, port, { dev = false, timeoutMs = 120_000 } = {}) {
  const child = spawn(process.execPath, [next, dev ? "dev" : "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: project,
    env: nextEnv(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((done) => child.once("exit", done));
  let gone = false;
  void exited.then(() => (gone = true));
  const close = async () => {
    if (!gone) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => !gone && process.kill(-child.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`next ${dev ? "dev" : "start"} exited:\n${output}`);
    try {
      // The page itself (a dev server compiles it on this first request); any answer, an error page too, means it
      // serves: the caller judges the page.
      await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`next ${dev ? "dev" : "start"} did not serve within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  return { pid: child.pid, output: () => output, close };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dir = resolve(process.argv[2] ?? resolve(ROOT, ".tmp/nextjs-example"));
  const built = await buildNextExample({ dir });
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `built ${relative(process.cwd(), built.project) || "."}: npm pack ${s(built.packMs)}, npm install ${s(built.installMs)} ` +
      `(${built.packages} packages), next build ${s(built.buildMs)} (${(built.bytes / 1024).toFixed(0)} kB browser JS; ` +
      `next ${built.versions.next}, react ${built.versions.react}, supertokens-auth-react ${built.versions["supertokens-auth-react"]})`,
  );
}
