// bundle: bytes min+gzip of what a user ships, peers excluded, and the peers' own sizes for scale.
import { build, type Metafile } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type ts from "typescript";
import { execFileSync } from "node:child_process";
import { args, log, type Row } from "./support";

const root = new URL("..", import.meta.url).pathname;
const at = (...p: string[]) => join(root, ...p);

/**
 * The packages a user already has (peers), and the core that the bindings import by name: never counted in our size,
 * so a binding's figure is what it adds over the core.
 */
const EXTERNAL = [
  "socket.io-client",
  "supertokens-web-js",
  "supertokens-web-js/*",
  "supertokens-website",
  "react",
  "react/*",
  "react-dom",
  "vue",
  "@angular/core",
  "supertokens-socket",
];
/** What each UI binding may add over the core (issue 21): 1 KB min+gzip, read as size-limit reads it (SI). */
export const BINDING_BUDGET_BYTES = 1000;
const BINDINGS = ["react", "vue", "svelte", "angular"] as const;

const gzip = (code: Uint8Array | string) => gzipSync(code, { level: 9 }).length;

interface Measured {
  minBytes: number;
  gzipBytes: number;
  metafile: Metafile;
  code: string;
}

type NodeEnv = "production" | "development";

/**
 * esbuild: bundle (peers external), minify, then gzip -9 (what size-limit's gzip does), with process.env.NODE_ENV
 * defined as an app's build defines it (production unless told).
 */
async function measure(entry: string, nodeEnv: NodeEnv = "production"): Promise<Measured> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    external: EXTERNAL,
    define: { "process.env.NODE_ENV": JSON.stringify(nodeEnv) },
    write: false,
    metafile: true,
    logLevel: "silent",
    tsconfig: at("tsconfig.json"),
  });
  const code = result.outputFiles[0]!.text;
  return { minBytes: Buffer.byteLength(code), gzipBytes: gzip(code), metafile: result.metafile, code };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const DIST = {
  core: "dist/index.bundler.js",
  website: "dist/website.bundler.js",
  react: "dist/react.js",
  vue: "dist/vue.js",
  svelte: "dist/svelte.js",
  angular: "dist/angular.js",
  umd: "dist/supertokens-socket.umd.min.js",
} as const;

/** Builds dist when a measured file is missing or older than src (`--no-build` skips). */
function ensureBuilt(): { built: boolean; stale: boolean; buildError?: string } {
  const missing = Object.values(DIST).filter((f) => !existsSync(at(f)));
  const srcTime = newestMtime(at("src"));
  const stale = Object.values(DIST).some((f) => existsSync(at(f)) && statSync(at(f)).mtimeMs < srcTime);
  if ((missing.length === 0 && !stale) || args.includes("--no-build")) return { built: false, stale };
  log(`bundle: ${missing.length ? `missing ${missing.join(", ")}` : "dist older than src"}; building (npx rollup -c)…`);
  const run = spawnSync("npx", ["rollup", "-c"], { cwd: root, stdio: ["ignore", 2, 2] });
  const stillStale = Object.values(DIST).some((f) => existsSync(at(f)) && statSync(at(f)).mtimeMs < srcTime);
  return run.status === 0 ? { built: true, stale: stillStale } : { built: true, stale: stillStale, buildError: `rollup exited ${run.status}` };
}

/** What takes the space in the core: minified bytes per source file (esbuild metafile of src/index.ts). */
async function coreBreakdown() {
  const { metafile, minBytes, code } = await measure(at("src/index.ts"));
  const inputs = Object.values(metafile.outputs)[0]!.inputs;
  const files = Object.entries(inputs)
    .map(([file, { bytesInOutput }]) => ({ file: file.replace(/^.*node_modules\//, ""), minBytes: bytesInOutput }))
    .filter((f) => f.minBytes > 0)
    .sort((a, b) => b.minBytes - a.minBytes);
  const prose = await longStrings(code);
  return { minBytes, files, longStringsMinBytes: prose.length, longStringsGzipBytes: gzip(prose) };
}

/** The text of every string or template literal of 30+ characters in `code` (error messages, mostly), joined. */
async function longStrings(code: string): Promise<string> {
  // Loaded only here: the compiler is a large heap, which the leak benchmark's snapshots would have to walk.
  const { default: ts } = await import("typescript");
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isTemplateLiteralToken(node)) {
      if (node.text.length >= 30) found.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  visit(file);
  return found.join("");
}

export async function runBundle() {
  const build = ensureBuilt();
  const sizeOf = async (file: string, nodeEnv?: NodeEnv) => {
    if (!existsSync(at(file))) return null;
    const m = await measure(at(file), nodeEnv);
    return { file, minBytes: m.minBytes, gzipBytes: m.gzipBytes };
  };
  // The client entries as bundlers take them, for production and for development (src/core/dev.ts).
  const core = await sizeOf(DIST.core);
  const coreDevelopment = await sizeOf(DIST.core, "development");
  const website = await sizeOf(DIST.website);
  const websiteDevelopment = await sizeOf(DIST.website, "development");
  const bindings = Object.fromEntries(await Promise.all(BINDINGS.map(async (name) => [name, await sizeOf(DIST[name])] as const)));
  // The UMD file is already minified by terser with the peers as globals: gzipped as shipped.
  const umd = existsSync(at(DIST.umd))
    ? { file: DIST.umd, minBytes: statSync(at(DIST.umd)).size, gzipBytes: gzip(readFileSync(at(DIST.umd))) }
    : null;

  const sessionBundle = readdirSync(at("node_modules/supertokens-web-js/bundle")).find((f) => /^session\..*\.js$/.test(f));
  const shipped = (file: string) => ({ file, minBytes: statSync(at(file)).size, gzipBytes: gzip(readFileSync(at(file))) });
  const peers = {
    "socket.io-client": shipped("node_modules/socket.io-client/dist/socket.io.min.js"),
    "supertokens-web-js/session": sessionBundle ? shipped(`node_modules/supertokens-web-js/bundle/${sessionBundle}`) : null,
  };
  const breakdown = await coreBreakdown();
  const sizeLimit = await runSizeLimit().catch((error: unknown) => ({ error: String(error) }));
  if (build.stale) log("bundle: WARNING dist is older than src; the dist figures describe an older build.");
  return {
    core,
    coreDevelopment,
    website,
    websiteDevelopment,
    bindings,
    bindingBudgetBytes: BINDING_BUDGET_BYTES,
    umd,
    peers,
    coreBreakdown: breakdown,
    sizeLimit,
    build,
    method: "esbuild bundle+minify (esm, browser, peers external, process.env.NODE_ENV defined: production unless the row says development), gzip -9; UMD gzipped as shipped; the website entry with supertokens-website external; each binding (dist/<name>.js) excludes the core it imports and its framework",
  };
}

/** `.size-limit.js` applied by size-limit itself: what the size check in `npm test` sees. */
async function runSizeLimit(): Promise<{ name: string; bytes: number; limitBytes: number; ok: boolean }[]> {
  // size-limit exits 1 when a check is over its limit, and still prints the JSON.
  let out: string;
  try {
    out = execFileSync("npx", ["size-limit", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (error) {
    out = String((error as { stdout?: unknown }).stdout ?? "");
  }
  const checks = JSON.parse(out) as { name: string; size: number; sizeLimit: number; passed: boolean }[];
  return checks.map((c) => ({ name: c.name, bytes: c.size, limitBytes: c.sizeLimit, ok: c.passed }));
}

export function bundleRows(r: Awaited<ReturnType<typeof runBundle>>): Row[] {
  const top = r.coreBreakdown.files.slice(0, 4).map((f) => `${f.file.replace(/^src\//, "")} ${f.minBytes}`).join(", ");
  const figure = (m: { gzipBytes: number; minBytes: number } | null) => (m ? `${m.gzipBytes} B (min ${m.minBytes} B)` : "n/a");
  const saved = (prod: typeof r.core, dev: typeof r.core) => (prod && dev ? `${dev.gzipBytes - prod.gzipBytes} B gzip` : "n/a");
  return [
    ["bundle", "core dist/index.bundler.js min+gzip, production", figure(r.core), "goal ≤ 5000 B"],
    ["bundle", "core dist/index.bundler.js min+gzip, development", figure(r.coreDevelopment), "goal ≤ 6250 B"],
    ["bundle", "core: saved by the production build", saved(r.core, r.coreDevelopment), ""],
    ["bundle", "website entry dist/website.bundler.js min+gzip, production", figure(r.website), "size-limit"],
    ["bundle", "website entry dist/website.bundler.js min+gzip, development", figure(r.websiteDevelopment), "size-limit"],
    [
      "bundle",
      ".size-limit.js (esbuild, as size-limit)",
      Array.isArray(r.sizeLimit) ? r.sizeLimit.map((c) => `${c.bytes} B / ${c.limitBytes} B ${c.ok ? "ok" : "OVER"}`).join("; ") : r.sizeLimit.error,
      "ok",
    ],
    ["bundle", "core: largest sources (min B)", top, ""],
    ["bundle", "core: long string literals", `${r.coreBreakdown.longStringsMinBytes} B min, ${r.coreBreakdown.longStringsGzipBytes} B gzip alone`, ""],
    ...BINDINGS.map((name): Row => {
      const m = r.bindings[name];
      return ["bundle", `${name} dist/${name}.js min+gzip, over the core`, m ? `${m.gzipBytes} B (min ${m.minBytes} B)` : "null (not built)", `≤ ${r.bindingBudgetBytes} B`];
    }),
    ["bundle", "UMD .umd.min.js gzip", r.umd ? `${r.umd.gzipBytes} B` : "null (not built)", ""],
    ["bundle", "peer socket.io.min.js gzip", `${r.peers["socket.io-client"].gzipBytes} B`, "(scale)"],
    ["bundle", "peer supertokens-web-js session bundle gzip", `${r.peers["supertokens-web-js/session"]?.gzipBytes ?? "n/a"} B`, "(scale)"],
  ];
}
