import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server (SIGKILL: no goodbye to the clients, like a crash); `start` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const INSTALL = "install Redis's server: `apt-get install -y redis-server` on Debian or Ubuntu, `brew install redis` on macOS";

/** Whether `redis-server` can be started from the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * For a suite that needs a real redis-server: true when there is one. Without one, a CI run (CI set) fails with how
 * to install it, and a local run warns and returns false, so the suite can skip (as the browser suite does for
 * Chromium).
 */
export function redisServerOrSkip(suite: string): boolean {
  if (hasRedisServer()) return true;
  if (process.env.CI) throw new Error(`${suite} needs redis-server on the PATH: ${INSTALL}.`);
  console.warn(`\nSkipping ${suite}: no redis-server on the PATH. To run it, ${INSTALL}.\n`);
  return false;
}

/** A free loopback port, found by binding port 0. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A redis-server of its own on a free loopback port, persisting nothing. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child = proc;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.setEncoding("utf8");
      proc.stdout!.on("data", (chunk: string) => {
        output += chunk;
        if (output.includes("Ready to accept connections")) resolve();
      });
      proc.once("error", reject);
      proc.once("exit", (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output.slice(-500)}`)));
    });
    proc.stdout!.resume();
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGKILL");
    await once(proc, "exit");
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, close: stop };
}
