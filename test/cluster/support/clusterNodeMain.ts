// One socket.io node of a test cluster, in its own process: its own Server, adapter (over the given Redis) and
// authenticateSockets. Driven by the parent over IPC (see clusterNode.ts); says {ready, url} when listening.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type DefaultEventsMap } from "socket.io";
import { createAdapter as createPubSubAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { authenticateSockets, endSession, endUserSessions, type AuthenticatedSocketData } from "supertokens-socket/server";
import { REAUTH_EVENT } from "../../../src/core/protocol";
import type { NodeCommand, NodeOptions, NodeState } from "./clusterNode";
import { connectGuarded, connectRedis, type RedisClient } from "./redisClient";

const options = JSON.parse(process.argv[2]!) as NodeOptions;

// "none": a single node with socket.io's in-memory adapter and no Redis at all (the benchmark's baseline).
const clients: RedisClient[] = options.adapter === "none" ? [] : [await connectRedis(options.redisUrl, { fastReconnect: true })];
const redis = clients[0]!;
// How many times authenticateSockets read the record of ended sessions (its script is the one with ZRANGEBYSCORE).
let recordReads = 0;
if (redis) {
  const sendCommand = redis.sendCommand.bind(redis);
  redis.sendCommand = ((args: string[], ...rest: unknown[]) => {
    if (args[0] === "EVAL" && args[1]?.includes("ZRANGEBYSCORE")) recordReads++;
    return (sendCommand as (...a: unknown[]) => unknown)(args, ...rest);
  }) as typeof sendCommand;
}
let adapter;
if (options.adapter === "pubsub") {
  const sub = await connectGuarded(redis.duplicate());
  clients.push(sub);
  adapter = createPubSubAdapter(redis, sub);
} else if (options.adapter === "streams") {
  adapter = createStreamsAdapter(redis);
}

const http = createServer();
const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, AuthenticatedSocketData>(http, {
  ...(adapter ? { adapter } : {}),
  transports: ["websocket"],
  ...(options.adapter === "streams" ? { connectionStateRecovery: { maxDisconnectionDuration: 30_000, skipMiddlewares: false } } : {}),
});
const warnings: string[] = [];
io.use(
  authenticateSockets({
    jwksUri: options.jwksUri,
    // Warnings are kept for the tests to read (state), not printed.
    logger: { warn: (line: string) => void warnings.push(line) },
    ...(options.endedSessions !== undefined && { endedSessions: options.endedSessions }),
    expiryGraceMs: options.expiryGraceMs ?? 1000,
    // The API backend's record of revoked sessions, as a checkClaims rule that asks supertokens-node would be.
    checkClaims: options.revokedSetKey ? async (payload) => !(await redis.sIsMember(options.revokedSetKey!, payload.sessionHandle)) : [],
  }),
);
let handshakes = 0;
let reauths = 0;
io.on("connection", (socket) => {
  handshakes++;
  socket.on(REAUTH_EVENT, () => void reauths++);
  // The app's own room and data, which connection state recovery must bring back to the same user only.
  if (!socket.recovered) {
    socket.join("app:lobby");
    Object.assign(socket.data, { joinedOn: options.name });
  }
  socket.on("whoami", (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack === "function") ack({ ...socket.data, node: options.name, recovered: socket.recovered });
  });
});

let ticker: ReturnType<typeof setInterval> | undefined;
let sent = 0;

async function run(command: NodeCommand): Promise<unknown> {
  switch (command.type) {
    case "endSession":
      return endSession(io, command.key, command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs });
    case "endUserSessions":
      return endUserSessions(io, command.key, command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs });
    case "timeEndSession": {
      // For the benchmark: endSession by room against the scan it replaced, timed inside the node.
      const started = performance.now();
      const count = command.scan ? await endSessionByScan(command.key) : await endSession(io, command.key);
      return { ms: performance.now() - started, count };
    }
    case "broadcast":
      clearInterval(ticker);
      sent = 0;
      ticker = setInterval(() => io.emit("tick", ++sent), 1000 / command.perSecond);
      return null;
    case "stopBroadcast":
      clearInterval(ticker);
      return sent;
    case "state":
      return {
        sockets: [...io.of("/").sockets.values()].map((s) => ({ id: s.id, ...s.data, recovered: s.recovered, rooms: [...s.rooms] })),
        cpuMicros: process.cpuUsage().user + process.cpuUsage().system,
        redisReady: clients.every((c) => c.isReady),
        handshakes,
        reauths,
        warnings,
        recordReads,
      } satisfies NodeState;
  }
}

/** What endSession did before rooms: ask every node for every socket, and filter. */
async function endSessionByScan(sessionHandle: string): Promise<number> {
  let ended = 0;
  for (const socket of await io.fetchSockets()) {
    if (socket.data?.sessionHandle !== sessionHandle) continue;
    socket.disconnect(true);
    ended++;
  }
  return ended;
}

process.on("message", (message: { id: number; command: NodeCommand | { type: "close" } }) => {
  const { id, command } = message;
  if (command.type === "close") {
    clearInterval(ticker);
    // A graceful shutdown: socket.io ends every socket with "server shutting down", which recovery can restore.
    io.close(async () => {
      await Promise.allSettled(clients.map((c) => c.disconnect()));
      process.exit(0);
    });
    return;
  }
  run(command).then(
    (result) => process.send!({ id, result: result ?? null }),
    (error: Error & { code?: string }) => process.send!({ id, error: { name: error.name, code: error.code, message: error.message } }),
  );
});
process.on("disconnect", () => process.exit(0)); // the parent went away

await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
process.send!({ ready: true, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
