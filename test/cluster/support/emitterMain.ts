// The API backend's side of a test cluster: a process with no socket.io server, that ends sessions on the cluster
// through @socket.io/redis-emitter. Driven by the parent over IPC (see emitterProcess.ts).
import { Emitter } from "@socket.io/redis-emitter";
import { endSession, endUserSessions } from "supertokens-socket/server";
import { connectRedis } from "./redisClient";

const redis = await connectRedis(process.argv[2]!, { fastReconnect: true });
const emitter = new Emitter(redis);

process.on("message", ({ id, type, key }: { id: number; type: "endSession" | "endUserSessions" | "close"; key: string }) => {
  if (type === "close") {
    redis.disconnect().finally(() => process.exit(0));
    return;
  }
  // Wall-clock time with sub-millisecond precision, comparable with the parent's (the same machine's clock).
  const at = performance.timeOrigin + performance.now();
  (type === "endSession" ? endSession(emitter, key) : endUserSessions(emitter, key)).then(
    (result) => process.send!({ id, at, result: result ?? null }),
    (error: Error & { code?: string }) => process.send!({ id, at, error: { name: error.name, code: error.code, message: error.message } }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: true });
