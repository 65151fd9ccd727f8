// leak: listener counts, pending acks, timers and heap after many in-place rotations of one handle. Runs in a child
// process of its own (node --expose-gc, a clean heap: nothing left over from the other benchmarks), with the server
// in that same child. Each rotation is `handle.rotate()`, then the handle's `token` event.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { createAuthedSocket } from "supertokens-socket";
import { fileURLToPath } from "node:url";
import { fakeSession } from "../test/support/fakeSession";
import { startIssuer, type Issuer } from "../test/support/jwks";
import { activeTimers, args, clientListeners, getGc, log, nodeListeners, quick, round, startServer, until, type Row } from "./support";

type LeakResult = Awaited<ReturnType<typeof measureLeak>>;

/** Runs the measurement in a child process and hands back its result. */
export async function runLeak(): Promise<LeakResult> {
  const main = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", main, "--child", ...args], { stdio: ["ignore", 2, 2, "ipc"] });
  const [result] = (await once(child, "message")) as [LeakResult];
  await once(child, "exit");
  return result;
}

if (args.includes("--child") && process.send) {
  const issuer = await startIssuer();
  const result = await measureLeak(issuer);
  await issuer.close();
  process.send(result, () => process.exit(0));
}

async function measureLeak(issuer: Issuer) {
  const rotations = quick ? 200 : 1_000;
  const warmup = quick ? 20 : 100;
  const gc = getGc();
  const server = await startServer("auth", issuer.jwksUri, false);
  const session = fakeSession(issuer, { lifetimeMs: 600_000 });
  await session.signIn("user-leak");
  const handle = await createAuthedSocket(server.url, {
    getAccessToken: session.getAccessToken,
    attemptRefreshingSession: session.attemptRefreshingSession,
  });
  await until(() => handle.status === "connected", "connected");
  await new Promise((r) => setTimeout(r, 200)); // hello ack: rotations in place
  let inPlace = 0;
  const rotate = () =>
    new Promise<void>((resolve) => {
      const off = handle.on("token", (e) => {
        off();
        if (e.inPlace) inPlace++;
        resolve();
      });
      handle.rotate();
    });

  const sample = () => {
    gc?.();
    gc?.();
    const serverSocket = [...server.io.of("/").sockets.values()][0];
    const socket = handle.socket as unknown as { acks: Record<string, unknown>; io: { engine: unknown } };
    return {
      heapUsedBytes: process.memoryUsage().heapUsed,
      clientSocketListeners: clientListeners(handle.socket),
      managerListeners: clientListeners(handle.socket.io),
      engineListeners: clientListeners(socket.io.engine),
      pendingAcks: Object.keys(socket.acks).length,
      serverSocketListeners: serverSocket ? nodeListeners(serverSocket) : null,
      activeTimers: activeTimers(),
    };
  };

  for (let i = 0; i < warmup; i++) await rotate();
  const before = sample();
  const objectsBefore = liveObjects();
  // Heap after each quarter: a leak grows with every quarter, noise does not.
  const heapKB: number[] = [];
  let seconds = 0;
  for (let q = 0; q < 4; q++) {
    const tq = Date.now();
    for (let i = 0; i < rotations / 4; i++) await rotate();
    seconds += (Date.now() - tq) / 1000;
    heapKB.push(round((sample().heapUsedBytes - before.heapUsedBytes) / 1024, 0)!);
  }
  const after = sample();
  const objectsAfter = liveObjects();
  log(`leak: ${rotations} rotations in ${seconds.toFixed(1)} s (${inPlace - warmup} in place)`);
  handle.close();
  await server.close();
  const growth = after.heapUsedBytes - before.heapUsedBytes;
  return {
    rotations,
    warmupRotations: warmup,
    inPlaceRotations: inPlace - warmup,
    gcExposed: gc !== undefined,
    before,
    after,
    heapGrowthKB: round(growth / 1024, 1),
    heapGrowthKBByQuarter: heapKB,
    liveObjectsDelta: objectsAfter.count - objectsBefore.count,
    liveObjectBytesDelta: objectsAfter.bytes - objectsBefore.bytes,
    heapGrowthBytesPerRotation: round(growth / rotations, 0),
    listenersDelta:
      after.clientSocketListeners - before.clientSocketListeners +
      (after.managerListeners - before.managerListeners) +
      ((after.serverSocketListeners ?? 0) - (before.serverSocketListeners ?? 0)),
    rotationsPerSecond: round(rotations / seconds, 0),
    note: "server in the same process; after two forced GCs and a warm-up. heapUsed also grows with V8's compiled code and its metadata while hot paths get optimised; liveObjects* counts heap-snapshot nodes that are JS data (objects, arrays, closures, strings), which is what a leak grows",
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** JS data alive now (heap snapshot nodes that are objects, arrays, closures, strings), without V8's code. */
function liveObjects(): { count: number; bytes: number } {
  const file = writeHeapSnapshot(join(tmpdir(), `bench-leak-${process.pid}-${Date.now()}.heapsnapshot`));
  try {
    const snap = JSON.parse(readFileSync(file, "utf8")) as {
      snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
      nodes: number[];
    };
    const fields = snap.snapshot.meta.node_fields;
    const width = fields.length;
    const typeAt = fields.indexOf("type");
    const sizeAt = fields.indexOf("self_size");
    const types = snap.snapshot.meta.node_types[0];
    const data = new Set(["object", "array", "closure", "string", "concatenated string", "sliced string", "regexp", "number", "bigint", "symbol"]);
    let count = 0;
    let bytes = 0;
    for (let i = 0; i < snap.nodes.length; i += width) {
      if (!data.has(types[snap.nodes[i + typeAt]!]!)) continue;
      count++;
      bytes += snap.nodes[i + sizeAt]!;
    }
    return { count, bytes };
  } finally {
    rmSync(file, { force: true });
  }
}

export function leakRows(r: LeakResult): Row[] {
  const b = r.before;
  const a = r.after;
  return [
    [
      "leak",
      `listeners after ${r.rotations} in-place rotations`,
      `client socket ${b.clientSocketListeners}→${a.clientSocketListeners}, manager ${b.managerListeners}→${a.managerListeners}, server socket ${b.serverSocketListeners}→${a.serverSocketListeners}, acks ${b.pendingAcks}→${a.pendingAcks}, timers ${b.activeTimers}→${a.activeTimers}`,
      "flat",
    ],
    [
      "leak",
      "live JS objects (heap snapshot)",
      `${signed(r.liveObjectsDelta)} objects, ${signed(r.liveObjectBytesDelta)} B over ${r.rotations} rotations`,
      "flat (~0)",
    ],
    [
      "leak",
      "heapUsed growth (after GC)",
      `${r.heapGrowthKB} KB (${r.heapGrowthBytesPerRotation} B/rotation; by quarter ${r.heapGrowthKBByQuarter.join(", ")} KB)${r.gcExposed ? "" : " no GC!"}`,
      "",
    ],
  ];
}
