import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { NodeCommandError } from "./clusterNode";

export interface EmitterProcess {
  /** Ends the session from the emitter process; answers what endSession resolved to and when it was called there. */
  endSession(handle: string): Promise<{ result: number | null; at: number }>;
  endUserSessions(userId: string): Promise<{ result: number | null; at: number }>;
  close(): Promise<void>;
}

/** A process without socket.io that ends sessions through an Emitter of @socket.io/redis-emitter. */
export async function startEmitterProcess(redisUrl: string): Promise<EmitterProcess> {
  const main = fileURLToPath(new URL("./emitterMain.ts", import.meta.url));
  const child = fork(main, [redisUrl], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = once(child, "exit");
  const pending = new Map<number, (message: { result?: number | null; at: number; error?: { name: string; code?: string; message: string } }) => void>();
  await new Promise<void>((resolve, reject) => {
    child.on("message", (message: { ready?: true; id?: number; result?: number | null; at: number; error?: { name: string; code?: string; message: string } }) => {
      if (message.ready) return resolve();
      pending.get(message.id!)?.(message);
      pending.delete(message.id!);
    });
    exited.then(([code]) => reject(new Error(`emitter process exited with ${code} before it was ready`)));
  });
  let nextId = 1;
  const call = (type: "endSession" | "endUserSessions", key: string) =>
    new Promise<{ result: number | null; at: number }>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? reject(new NodeCommandError(m.error.message, m.error.name, m.error.code)) : resolve({ result: m.result ?? null, at: m.at })));
      child.send({ id, type, key });
    });
  return {
    endSession: (handle) => call("endSession", handle),
    endUserSessions: (userId) => call("endUserSessions", userId),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ id: 0, type: "close" });
      await exited;
    },
  };
}
