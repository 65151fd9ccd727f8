// cluster: socket.io nodes in child processes joined by @socket.io/redis-adapter over a redis-server of the run's own.
// endSession by room against the fetchSockets scan it replaced, with 10 and 10,000 other sockets on the cluster;
// revocation latency from an emitter in a process without socket.io; rotations on 3 nodes against one node.
import { io as connect, type Socket } from "socket.io-client";
import { createAuthedSocket, type AuthedSocket } from "supertokens-socket";
import { startClusterNode, type ClusterNode, type NodeOptions } from "../test/cluster/support/clusterNode";
import { connectRedis } from "../test/cluster/support/redisClient";
import { startEmitterProcess } from "../test/cluster/support/emitterProcess";
import { hasRedisServer, startRedisServer, type RedisServer } from "../test/cluster/support/redisServer";
import { fakeSession, type FakeSession } from "../test/support/fakeSession";
import type { Issuer } from "../test/support/jwks";
import { log, quick, round, sleep, stats, until, type Row } from "./support";

const wallClock = () => performance.timeOrigin + performance.now();

async function nodes(names: string[], redis: RedisServer, issuer: Issuer, adapter: NodeOptions["adapter"] = "pubsub"): Promise<ClusterNode[]> {
  return Promise.all(names.map((name) => startClusterNode({ name, redisUrl: redis.url, jwksUri: issuer.jwksUri, adapter })));
}

/** Plain socket.io clients (WebSocket), `count` of them spread over `urls`, each with one of `tokens`. */
async function openSockets(urls: string[], tokens: string[], count: number, offset = 0): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 250) {
    const batch = Array.from({ length: Math.min(250, count - i) }, (_, j) => {
      const k = offset + i + j;
      return connect(urls[k % urls.length]!, { forceNew: true, transports: ["websocket"], reconnection: false, auth: { token: tokens[k % tokens.length] } });
    });
    await Promise.all(batch.map((s) => new Promise<void>((resolve, reject) => s.once("connect", resolve).once("connect_error", reject))));
    sockets.push(...batch);
  }
  return sockets;
}

async function endSessionTimes(issuer: Issuer, redis: RedisServer) {
  const reps = quick ? 15 : 40;
  const many = quick ? 2_000 : 10_000;
  const cluster = await nodes(["A", "B"], redis, issuer);
  const urls = cluster.map((n) => n.url);
  const otherTokens = await Promise.all(Array.from({ length: 100 }, (_, i) => issuer.sign({ sub: `other-${i}`, sessionHandle: `other-sh-${i}`, lifetimeMs: 600_000 })));
  const targetToken = await issuer.sign({ sub: "target", sessionHandle: "target-sh", lifetimeMs: 600_000 });
  // The session to end: one socket on each node; the call is made on node A.
  const targets = await openSockets(urls, [targetToken], 2);
  const time = async (scan: boolean) => {
    const ms: number[] = [];
    // The first calls warm up both processes (JIT, connections): not counted.
    for (let i = -5; i < reps; i++) {
      await Promise.all(targets.filter((s) => !s.connected).map((s) => new Promise<void>((resolve) => s.once("connect", () => resolve()).connect())));
      const gone = Promise.all(targets.map((s) => new Promise((resolve) => s.once("disconnect", resolve))));
      const { ms: took, count } = await cluster[0]!.timeEndSession("target-sh", scan);
      if (count !== 2) throw new Error(`endSession ended ${count} sockets, expected 2`);
      await gone;
      if (i >= 0) ms.push(took);
    }
    return stats(ms, 2);
  };
  const others = await openSockets(urls, otherTokens, 10);
  const few = { rooms: await time(false), scan: await time(true) };
  log(`cluster: endSession with 10 other sockets measured; opening ${many - 10} more…`);
  others.push(...(await openSockets(urls, otherTokens, many - 10, 10)));
  const lots = { rooms: await time(false), scan: await time(true) };
  for (const s of [...others, ...targets]) s.disconnect();
  await Promise.all(cluster.map((n) => n.close()));
  const ratio = (a: number | null, b: number | null) => (a && b ? round(a / b, 2) : null);
  return {
    method: `endSession called in node A of 2 (redis-adapter), one socket of the session on each node, ${reps} calls each; time inside the node from the call to its answer (the listing round trip through Redis, then the disconnect published)`,
    otherSockets: { few: 10, many },
    rooms: { few: few.rooms, many: lots.rooms, ratio: ratio(lots.rooms.median, few.rooms.median) },
    scan: { few: few.scan, many: lots.scan, ratio: ratio(lots.scan.median, few.scan.median) },
  };
}

async function revocationLatency(issuer: Issuer, redis: RedisServer) {
  const revocations = quick ? 50 : 200;
  const cluster = await nodes(["A", "B"], redis, issuer);
  const emitter = await startEmitterProcess(redis.url);
  const untilUnauthenticated: number[] = [];
  const untilDisconnect: number[] = [];
  for (let i = 0; i < revocations; i++) {
    const session = fakeSession({ sign: (claims) => issuer.sign({ ...claims, sessionHandle: `rev-${i}` }) });
    await session.signIn(`rev-user-${i}`);
    const handle = await createAuthedSocket(cluster[i % 2]!.url, { ...session, transports: ["websocket"], crossTab: false });
    await until(() => handle.status === "connected", "the handle to connect");
    session.revoked = true; // the backend revoked it: the client's refresh after the disconnect fails
    const disconnected = new Promise<number>((resolve) => handle.socket.once("disconnect", () => resolve(wallClock())));
    const ended = new Promise<number>((resolve) => handle.on("unauthenticated", () => resolve(wallClock())));
    const { at } = await emitter.endSession(`rev-${i}`);
    untilDisconnect.push((await disconnected) - at);
    untilUnauthenticated.push((await ended) - at);
    handle.close();
  }
  await emitter.close();
  await Promise.all(cluster.map((n) => n.close()));
  return {
    method: "endSession(emitter) in a process without socket.io (node-redis + @socket.io/redis-emitter), 2 nodes; wall clock of the call there to the client's event here (same machine); the unauthenticated event includes the client's failed refresh (5 ms in fakeSession)",
    revocations,
    toDisconnectMs: stats(untilDisconnect, 2),
    toUnauthenticatedMs: stats(untilUnauthenticated, 2),
  };
}

async function commandCalls(redisUrl: string): Promise<number> {
  const client = await connectRedis(redisUrl);
  const info = await client.info("commandstats");
  await client.disconnect();
  let calls = 0;
  for (const match of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) calls += Number(match[1]);
  return calls;
}

async function rotations(issuer: Issuer, redis: RedisServer, nodeCount: number, perNode: number, adapter: NodeOptions["adapter"]) {
  const lifetimeMs = 10_000;
  const watchMs = quick ? 12_000 : 30_000;
  const cluster = await nodes(Array.from({ length: nodeCount }, (_, i) => `R${i}`), redis, issuer, adapter);
  const sessions: FakeSession[] = [];
  const handles: AuthedSocket[] = [];
  let failures = 0;
  for (let i = 0; i < nodeCount * perNode; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, nodeCount * perNode - i) }, async (_, j) => {
        const session = fakeSession(issuer, { lifetimeMs });
        await session.signIn(`rot-${i + j}`);
        sessions.push(session);
        return createAuthedSocket(cluster[(i + j) % nodeCount]!.url, { ...session, transports: ["websocket"], crossTab: false });
      }),
    );
    for (const h of batch) {
      h.on("unauthenticated", () => failures++);
      h.on("error", () => failures++);
      h.socket.on("connect_error", () => failures++);
    }
    handles.push(...batch);
  }
  await until(() => handles.every((h) => h.status === "connected"), "every handle connected", 120_000, 20);
  await sleep(300);
  const sample = async () => {
    const states = await Promise.all(cluster.map((n) => n.state()));
    return {
      cpuMicros: states.reduce((sum, s) => sum + s.cpuMicros, 0),
      rotations: states.reduce((sum, s) => sum + s.handshakes + s.reauths, 0),
      redisCalls: adapter === "none" ? 0 : await commandCalls(redis.url),
    };
  };
  const failuresBefore = failures;
  const s0 = await sample();
  await sleep(watchMs);
  const s1 = await sample();
  const failed = failures - failuresBefore;
  await until(() => handles.every((h) => h.status === "connected"), "rotations to settle", 5_000, 20).catch(() => undefined);
  const notConnected = handles.filter((h) => h.status !== "connected").length;
  for (const h of handles) h.close();
  await Promise.all(cluster.map((n) => n.close()));
  const rotated = s1.rotations - s0.rotations;
  return {
    nodes: nodeCount,
    clients: nodeCount * perNode,
    adapter,
    tokenLifetimeMs: lifetimeMs,
    watchMs,
    rotations: rotated,
    failedRotations: failed,
    notConnectedAfterSettle: notConnected,
    serverCpuMsPerRotation: rotated > 0 ? round((s1.cpuMicros - s0.cpuMicros) / 1000 / rotated, 3) : null,
    // The two INFO calls of the sampling are left out.
    redisCommandsPerRotation: adapter === "none" || rotated === 0 ? null : round((s1.redisCalls - s0.redisCalls - 1) / rotated, 3),
  };
}

export async function runCluster(issuer: Issuer) {
  if (!hasRedisServer()) {
    log("cluster: skipped, no redis-server on the PATH (apt-get install -y redis-server)");
    return { skipped: "no redis-server on the PATH" };
  }
  const redis = await startRedisServer();
  try {
    const endSession = await endSessionTimes(issuer, redis);
    log("cluster: revocation latency…");
    const revocation = await revocationLatency(issuer, redis);
    const perNode = quick ? 200 : 1_000;
    log(`cluster: rotations, 3 nodes × ${perNode}…`);
    const threeNodes = await rotations(issuer, redis, 3, perNode, "pubsub");
    log(`cluster: rotations, 1 node × ${perNode} (no adapter)…`);
    const oneNode = await rotations(issuer, redis, 1, perNode, "none");
    return { endSession, revocation, rotations: { threeNodes, oneNode } };
  } finally {
    await redis.close();
  }
}

type ClusterResult = Awaited<ReturnType<typeof runCluster>>;

export function clusterRows(r: ClusterResult): Row[] {
  if ("skipped" in r) return [["cluster", "skipped", String(r.skipped), ""]];
  const e = r.endSession;
  const t = (s: { median: number | null; p95: number | null }) => `median ${s.median} ms, p95 ${s.p95}`;
  const three = r.rotations.threeNodes;
  const one = r.rotations.oneNode;
  return [
    ["cluster", `endSession by room: 10 vs ${e.otherSockets.many} other sockets`, `${t(e.rooms.few)} vs ${t(e.rooms.many)} (×${e.rooms.ratio})`, "≤ 1.5×"],
    ["cluster", `old fetchSockets scan: 10 vs ${e.otherSockets.many} other sockets`, `${t(e.scan.few)} vs ${t(e.scan.many)} (×${e.scan.ratio})`, ""],
    ["cluster", `revocation, emitter → client disconnect (n=${r.revocation.revocations})`, `p50 ${r.revocation.toDisconnectMs.median} ms, p95 ${r.revocation.toDisconnectMs.p95} ms`, ""],
    ["cluster", "revocation, emitter → client unauthenticated", `p50 ${r.revocation.toUnauthenticatedMs.median} ms, p95 ${r.revocation.toUnauthenticatedMs.p95} ms`, "p95 ≤ 50 ms"],
    ["cluster", `${three.nodes} nodes × ${three.clients / three.nodes}, 10 s tokens, ${three.watchMs / 1000} s: failed rotations`, `${three.failedRotations} of ${three.rotations} (not connected after: ${three.notConnectedAfterSettle})`, "0"],
    ["cluster", "server CPU per rotation: 3 nodes vs 1 node (no Redis)", `${three.serverCpuMsPerRotation} ms vs ${one.serverCpuMsPerRotation} ms (1 node: ${one.clients} clients, ${one.failedRotations} failed)`, ""],
    ["cluster", "Redis commands per rotation (INFO commandstats)", `${three.redisCommandsPerRotation}`, ""],
  ];
}
