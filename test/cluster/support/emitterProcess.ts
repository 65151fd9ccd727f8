import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { NodeCommandError } from "./clusterNode";

export type EmitterCommand =
  | { type: "endSession" | "endUserSessions"; key: string; timeoutMs?: number }
  | { type: "signIn" | "revokeSession"; key: string }
  | { type: "state" };

export interface EmitterState {
  /** Whether the process's Redis client is connected. */
  redisReady: boolean;
  /** What endSocketsOnRevoke logged. */
  warnings: string[];
  /** The emulated core's JWKS, with `api`: the keys its sessions' tokens are signed with. */
  jwksUri: string | undefined;
}

export interface EmitterProcess {
  /** Ends the session from the emitter process; answers what endSession resolved to and when it was called there. */
  endSession(handle: string, timeoutMs?: number): Promise<{ result: number | null; at: number }>;
  endUserSessions(userId: string, timeoutMs?: number): Promise<{ result: number | null; at: number }>;
  /** With `api`: a session of `userId` made by supertokens-node, as a sign-in would. */
  signIn(userId: string): Promise<{ sessionHandle: string; accessToken: string }>;
  /** With `api`: supertokens-node's `Session.revokeSession` (a sign-out), through endSocketsOnRevoke. */
  revokeSession(sessionHandle: string): Promise<boolean>;
  state(): Promise<EmitterState>;
  close(): Promise<void>;
}

/**
 * A process without socket.io that ends sessions through an Emitter of @socket.io/redis-emitter on `redisUrl`; with
 * `{ api: true }` it also runs supertokens-node (over its own emulated core) with endSocketsOnRevoke on that emitter.
 */
export async function startEmitterProcess(redisUrl: string, { api = false } = {}): Promise<EmitterProcess> {
  const main = fileURLToPath(new URL("./emitterMain.ts", import.meta.url));
  const child = fork(main, [redisUrl, ...(api ? ["api"] : [])], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = once(child, "exit");
  type Reply = { result?: unknown; at: number; error?: { name: string; code?: string; message: string } };
  const pending = new Map<number, (message: Reply) => void>();
  await new Promise<void>((resolve, reject) => {
    child.on("message", (message: Reply & { ready?: true; id?: number }) => {
      if (message.ready) return resolve();
      pending.get(message.id!)?.(message);
      pending.delete(message.id!);
    });
    exited.then(([code]) => reject(new Error(`emitter process exited with ${code} before it was ready`)));
  });
  exited.then(() => {
    for (const waiter of pending.values()) waiter({ at: 0, error: { name: "Error", message: "the emitter process exited" } });
    pending.clear();
  });
  let nextId = 1;
  const call = (command: EmitterCommand) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? reject(new NodeCommandError(m.error.message, m.error.name, m.error.code)) : resolve(m)));
      child.send({ id, command });
    });
  const ended = async (command: EmitterCommand) => {
    const { result, at } = await call(command);
    return { result: (result ?? null) as number | null, at };
  };
  return {
    endSession: (key, timeoutMs) => ended({ type: "endSession", key, timeoutMs }),
    endUserSessions: (key, timeoutMs) => ended({ type: "endUserSessions", key, timeoutMs }),
    signIn: async (key) => (await call({ type: "signIn", key })).result as { sessionHandle: string; accessToken: string },
    revokeSession: async (key) => (await call({ type: "revokeSession", key })).result as boolean,
    state: async () => (await call({ type: "state" })).result as EmitterState,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ id: 0, command: { type: "close" } });
      await exited;
    },
  };
}
