import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { hasRedisServer, startRedisServer } from "../test/cluster/support/redisServer";

/*
 * `npm run demo:cluster` (which builds first): the demo's chat on two socket.io nodes joined by @socket.io/redis-adapter
 * over a redis-server started for it on a free loopback port: node 1 on http://localhost:PORT (with the emulated
 * core), node 2 on PORT+1 (using node 1's core). Both pages share the session cookie (cookies ignore the port): a chat
 * message sent on one node reaches the other, and signing out on one ends the session's sockets on both.
 *
 * PORT (default 3000); ACCESS_TOKEN_LIFETIME_MS (default 20000). Needs redis-server on the PATH; `npm run demo` needs
 * nothing but Node.
 */

if (!hasRedisServer()) {
  console.error(
    "npm run demo:cluster needs redis-server on the PATH: `sudo apt-get install redis-server` (Debian, Ubuntu) or " +
      "`brew install redis` (macOS). `npm run demo` runs the same chat on one node with nothing but Node.",
  );
  process.exit(1);
}

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port <= 0) {
  console.error(`PORT must be a whole number, not ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const redis = await startRedisServer();
const main = fileURLToPath(new URL("./clusterNode.ts", import.meta.url));
const nodes: ChildProcess[] = [];

async function startNode(nodePort: number, connectionURI?: string): Promise<{ apiDomain: string; coreUrl?: string }> {
  const env = { ...process.env, PORT: String(nodePort), REDIS_URL: redis.url, ...(connectionURI && { CONNECTION_URI: connectionURI }) };
  const child = fork(main, { env, execArgv: ["--import", "tsx"] });
  nodes.push(child);
  const ready = once(child, "message") as Promise<[{ apiDomain: string; coreUrl?: string }]>;
  const exited = once(child, "exit").then(([code]) => Promise.reject(new Error(`the node on port ${nodePort} exited (${code})`)));
  return (await Promise.race([ready, exited]))[0];
}

let stopping = false;
async function stop(code: number): Promise<void> {
  // A second Ctrl-C while stopping changes nothing.
  if (stopping) return;
  stopping = true;
  try {
    await Promise.all(
      nodes.map(async (child) => {
        // Exited on its own, or killed by a signal (exitCode stays null then): nothing to tell it.
        if (child.exitCode !== null || child.signalCode !== null || !child.connected) return;
        const exited = once(child, "exit");
        child.send("close");
        await exited;
      }),
    );
  } finally {
    await redis.close();
    process.exit(code);
  }
}

try {
  const first = await startNode(port);
  const second = await startNode(port + 1, first.coreUrl);
  console.log(`supertokens-socket demo, two socket nodes over Redis (${redis.url})`);
  console.log(`Open ${first.apiDomain} and ${second.apiDomain} (one per tab): chat crosses nodes; sign out on one ends the sockets on both.`);
  console.log("Ctrl-C to stop.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
