import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export interface NodeOptions {
  name: string;
  redisUrl: string;
  jwksUri: string;
  /**
   * `"pubsub"`: @socket.io/redis-adapter (no recovery); `"streams"`: @socket.io/redis-streams-adapter with recovery;
   * `"none"`: a lone node, socket.io's in-memory adapter, no Redis.
   */
  adapter: "pubsub" | "streams" | "none";
  expiryGraceMs?: number;
  /** When set, handshakes of sessions whose handle is in this Redis set are refused (the backend's revocations). */
  revokedSetKey?: string;
  /** authenticateSockets' `endedSessions` (default: its own). */
  endedSessions?: false | { pollMs?: number };
}

export type NodeCommand =
  | { type: "endSession" | "endUserSessions"; key: string; timeoutMs?: number }
  | { type: "timeEndSession"; key: string; scan: boolean }
  | { type: "broadcast"; perSecond: number }
  | { type: "stopBroadcast" }
  | { type: "state" };

export interface NodeState {
  sockets: { id: string; userId?: string; sessionHandle?: string; expiresAt?: number; joinedOn?: string; recovered: boolean; rooms: string[] }[];
  /** The process's CPU time so far (user + system), in µs. */
  cpuMicros: number;
  /** Whether the node's Redis clients (publisher and subscriber) are connected. */
  redisReady: boolean;
  /** Connections and in-place re-authentications the node has seen. */
  handshakes: number;
  reauths: number;
  /** What authenticateSockets warned about, in order. */
  warnings: string[];
  /** How many times authenticateSockets read the record of ended sessions. */
  recordReads: number;
}

/** What a command failed with in the node, as a plain error. */
export class NodeCommandError extends Error {
  constructor(
    message: string,
    override readonly name: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface ClusterNode {
  name: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** False once the process has exited. */
  readonly alive: boolean;
  endSession(handle: string, timeoutMs?: number): Promise<number>;
  endUserSessions(userId: string, timeoutMs?: number): Promise<number>;
  /** endSession (or, with `scan`, the fetchSockets scan it replaced) timed inside the node. */
  timeEndSession(handle: string, scan: boolean): Promise<{ ms: number; count: number }>;
  /** Starts `io.emit("tick", n)` with n = 1, 2, 3… at this rate, on the whole cluster. */
  broadcast(perSecond: number): Promise<void>;
  /** Stops the ticks; answers the last n sent. */
  stopBroadcast(): Promise<number>;
  state(): Promise<NodeState>;
  /** A graceful shutdown (`io.close()`): sockets end with "server shutting down", which recovery can restore. */
  close(): Promise<void>;
  /** SIGKILL: the process dies with its sockets, persisting nothing. */
  kill(): Promise<void>;
}

/** Starts one node of a test cluster in a child process. */
export async function startClusterNode(options: NodeOptions): Promise<ClusterNode> {
  const main = fileURLToPath(new URL("./clusterNodeMain.ts", import.meta.url));
  const child: ChildProcess = fork(main, [JSON.stringify(options)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const exited = once(child, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    child.on("message", (message: { ready?: true; url?: string; id?: number; result?: unknown; error?: { name: string; code?: string; message: string } }) => {
      if (message.ready) return resolve(message.url!);
      const waiter = pending.get(message.id!);
      pending.delete(message.id!);
      if (message.error) waiter?.reject(new NodeCommandError(message.error.message, message.error.name, message.error.code));
      else waiter?.resolve(message.result);
    });
    exited.then(([code]) => reject(new Error(`cluster node ${options.name} exited with ${code} before it was ready`)));
  });
  exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`cluster node ${options.name} exited`));
    pending.clear();
  });
  const call = <T>(command: NodeCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`cluster node ${options.name} is gone`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command }, (error) => {
        if (!error) return;
        pending.delete(id);
        reject(new Error(`cluster node ${options.name} is gone`));
      });
    });
  child.on("error", () => {}); // a send to a process that just died: the call is rejected above
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name: options.name,
    url,
    get alive() {
      return alive();
    },
    endSession: (key, timeoutMs) => call({ type: "endSession", key, timeoutMs }),
    endUserSessions: (key, timeoutMs) => call({ type: "endUserSessions", key, timeoutMs }),
    timeEndSession: (key, scan) => call({ type: "timeEndSession", key, scan }),
    broadcast: (perSecond) => call({ type: "broadcast", perSecond }),
    stopBroadcast: () => call({ type: "stopBroadcast" }),
    state: () => call({ type: "state" }),
    async close() {
      if (!alive()) return;
      child.send({ id: 0, command: { type: "close" } });
      await exited;
    },
    async kill() {
      if (!alive()) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
