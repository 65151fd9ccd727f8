/** What this package needs of a Redis client the app created: node-redis (v4, v5) or ioredis, told apart by shape. */
export interface RedisCommands {
  /** The client says it is connected (node-redis `isReady`, ioredis `status === "ready"`). */
  ready(): boolean;
  /** Sends one command, as its words. */
  run(args: readonly (string | number)[]): Promise<unknown>;
  /** Calls `listener` each time the client (re)connects; returns how to stop. */
  onReady(listener: () => void): () => void;
}

interface ClientShape {
  isReady?: unknown;
  status?: unknown;
  call?: (...args: unknown[]) => Promise<unknown>;
  sendCommand?: (args: string[]) => Promise<unknown>;
  on?: (event: string, listener: () => void) => unknown;
  off?: (event: string, listener: () => void) => unknown;
}

/** The client's commands, or undefined for anything that is neither node-redis nor ioredis. */
export function redisCommands(client: unknown): RedisCommands | undefined {
  if (typeof client !== "object" || client === null) return undefined;
  const c = client as ClientShape;
  if (typeof c.on !== "function" || typeof c.off !== "function") return undefined;
  const onReady = (listener: () => void) => {
    c.on!("ready", listener);
    return () => void c.off!("ready", listener);
  };
  // ioredis: `call(name, ...args)`; its `sendCommand` takes a Command object instead.
  if (typeof c.call === "function" && typeof c.status === "string") {
    return { ready: () => c.status === "ready", run: (args) => c.call!(...args), onReady };
  }
  if (typeof c.sendCommand === "function" && "isReady" in c) {
    return { ready: () => c.isReady === true, run: (args) => c.sendCommand!(args.map(String)), onReady };
  }
  return undefined;
}
