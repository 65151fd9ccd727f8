// One node of `npm run demo:cluster`: the demo's stack (backend, page, socket server) with its socket server joined
// to the others by @socket.io/redis-adapter. Started by demo/cluster.ts; says {apiDomain, coreUrl} over IPC when ready.
import { createAdapter } from "@socket.io/redis-adapter";
import { connectGuarded, connectRedis } from "../test/cluster/support/redisClient";
import { startStack } from "./stack";

const { PORT, REDIS_URL, CONNECTION_URI, ACCESS_TOKEN_LIFETIME_MS } = process.env;
const onError = (error: Error) => console.error(`node on port ${PORT}: Redis: ${error.message}`);
const pub = await connectRedis(REDIS_URL!, { onError });
const sub = await connectGuarded(pub.duplicate(), onError);
const stack = await startStack({
  port: Number(PORT),
  hostname: "localhost",
  servePage: true,
  accessTokenLifetimeMs: Number(ACCESS_TOKEN_LIFETIME_MS ?? 20_000),
  // The second node uses the first one's (emulated) core: one set of sessions and keys for the whole cluster.
  ...(CONNECTION_URI && { connectionURI: CONNECTION_URI }),
  socketAdapter: createAdapter(pub, sub),
}).catch((error: unknown) => {
  const busy = (error as { code?: unknown }).code === "EADDRINUSE";
  console.error(busy ? `Port ${PORT} is in use: try PORT=${Number(PORT) + 2} npm run demo:cluster` : error);
  process.exit(1);
});
process.send!({ apiDomain: stack.apiDomain, coreUrl: CONNECTION_URI ? undefined : stack.core.url });

let stopping = false;
const stop = async () => {
  // "close" and then "disconnect" both ask for it: once is enough.
  if (stopping) return;
  stopping = true;
  try {
    await stack.close();
  } finally {
    await Promise.allSettled([pub.disconnect(), sub.disconnect()]);
    process.exit(0);
  }
};
process.on("message", (message) => void (message === "close" && stop()));
process.on("disconnect", () => void stop());
process.on("SIGINT", () => {}); // the parent stops the nodes in order
