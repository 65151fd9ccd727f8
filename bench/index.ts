// `npm run bench` (node --expose-gc --import tsx bench/index.ts): every figure of BENCHMARKS.md, measured in one run
// on loopback. `-- --json` prints exactly one JSON object on stdout; `-- --quick` is a short smoke run.
import { cpus } from "node:os";
import { startIssuer } from "../test/support/jwks";
import { bundleRows, runBundle } from "./bundle";
import { clusterRows, runCluster } from "./cluster";
import { leakRows, runLeak } from "./leak";
import { namespaceRows, runNamespaces } from "./namespaces";
import { refreshRows, runRefreshes } from "./refreshes";
import { rotationRows, runRotations } from "./rotationGap";
import { runScale, scaleRows } from "./scale";
import { runServerVerify, serverVerifyRows } from "./serverVerify";
import { formatTable, jsonMode, log, only, quick, type Row } from "./support";

// In --json mode stdout is reserved for the one JSON object: anything a library logs goes to stderr.
const writeStdout = process.stdout.write.bind(process.stdout);
if (jsonMode) console.log = console.error;

const wanted = (name: string) => !only || only.includes(name);
const started = Date.now();
const issuer = await startIssuer();
const rows: Row[] = [];
const result: Record<string, unknown> = {};

async function section<T>(name: string, run: () => Promise<T>, toRows: (r: T) => Row[]): Promise<void> {
  if (!wanted(name)) return;
  const t0 = Date.now();
  log(`${name}…`);
  try {
    const r = await run();
    result[name] = r;
    rows.push(...toRows(r));
  } catch (error) {
    log(`${name} FAILED:`, error);
    result[name] = { error: String(error) };
    rows.push([name, "error", String(error).slice(0, 80), ""]);
  }
  log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await section("bundle", runBundle, bundleRows);
await section("rotation", () => runRotations(issuer), rotationRows);
await section("refreshesPerRotation", () => runRefreshes(issuer), refreshRows);
await section("leak", runLeak, leakRows);
await section("serverVerify", () => runServerVerify(issuer), serverVerifyRows);
await section("scale", () => runScale(issuer), scaleRows);
await section("cluster", () => runCluster(issuer), clusterRows);
await section("namespaces", () => runNamespaces(issuer), namespaceRows);
await issuer.close();

// rotationGapMs and messagesLost come from the same runs.
const rotation = result.rotation as { rotationGapMs?: unknown; messagesLost?: unknown; error?: string } | undefined;
delete result.rotation;
const output = {
  bundle: result.bundle ?? null,
  rotationGapMs: rotation ? (rotation.rotationGapMs ?? rotation) : null,
  messagesLost: rotation ? (rotation.messagesLost ?? rotation) : null,
  refreshesPerRotation: result.refreshesPerRotation ?? null,
  leak: result.leak ?? null,
  serverVerify: result.serverVerify ?? null,
  scale: result.scale ?? null,
  cluster: result.cluster ?? null,
  namespaces: result.namespaces ?? null,
  run: {
    node: process.version,
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    quick,
    seconds: Math.round((Date.now() - started) / 1000),
    loopback: true,
  },
};

const table = formatTable(rows);
if (jsonMode) {
  console.error(table);
  writeStdout(`${JSON.stringify(output)}\n`);
} else {
  writeStdout(`${table}\n\n${quick ? "quick run; " : ""}${output.run.seconds} s, node ${output.run.node}, ${output.run.nproc} × ${output.run.cpu}\n`);
}
// socket.io clients and servers closed above; anything left (a library's pending timer) must not hold the run.
process.exit(0);
