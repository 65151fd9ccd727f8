import type { IncomingMessage, ServerResponse } from "node:http";
import type { Stack } from "../../demo/stack";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type EngineSocket = { on(event: "packet", fn: (packet: { type: string; data?: unknown }) => void): void };

export interface ServerWatch {
  /**
   * What reached the servers, in arrival order: `"POST /auth/signout"` for each request to the backend (preflights
   * too; never socket.io's own), `"engine open"` for each new engine connection (a handshake) and `"CONNECT"` for each
   * namespace CONNECT packet, whichever server takes them.
   */
  readonly seen: string[];
  /**
   * Holds the backend's next `POST path` (its preflight passes) until `release()`, as a slow network or backend
   * would; `arrived` resolves once it is held.
   */
  hold(path: string): { arrived: Promise<void>; release(): void };
  /** Releases what is held and stops watching. */
  stop(): void;
}

/** Watches the stack's backend and socket server; the backend's request handlers run behind it, unchanged. */
export function watchServers(stack: Pick<Stack, "apiServer" | "io">): ServerWatch {
  const seen: string[] = [];
  const holds = new Map<string, { arrive(): void; released: Promise<void>; release(): void }>();
  let stopped = false;
  const server = stack.apiServer;
  const handlers = server.listeners("request") as Listener[];
  const onRequest: Listener = (req, res) => {
    const path = new URL(req.url ?? "/", "http://backend").pathname;
    // A socket server sharing this HTTP server answers its own requests: its handshakes are counted below.
    if (!stopped && !path.startsWith("/socket.io/")) seen.push(`${req.method} ${path}`);
    const pass = () => handlers.forEach((handler) => handler.call(server, req, res));
    const held = holds.get(`${req.method} ${path}`);
    if (!held) return pass();
    holds.delete(`${req.method} ${path}`);
    held.arrive();
    void held.released.then(pass);
  };
  server.removeAllListeners("request");
  server.on("request", onRequest);

  const onEngine = (socket: EngineSocket) => {
    if (!stopped) seen.push("engine open");
    socket.on("packet", ({ type, data }) => {
      // socket.io's CONNECT is packet type 0, for any namespace.
      if (!stopped && type === "message" && typeof data === "string" && data.startsWith("0")) seen.push("CONNECT");
    });
  };
  stack.io.engine.on("connection", onEngine);

  const releases: (() => void)[] = [];
  return {
    seen,
    hold(path) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(`POST ${path}`, { arrive, released, release });
      releases.push(release);
      return { arrived, release };
    },
    stop() {
      stopped = true;
      releases.forEach((release) => release());
      holds.clear();
      stack.io.engine.off("connection", onEngine);
      server.off("request", onRequest);
      handlers.forEach((handler) => server.on("request", handler));
    },
  };
}

/** What `seen` holds after the first request for `path`, of the kinds that `late` picks. */
export function seenAfter(seen: readonly string[], path: string, late: (entry: string) => boolean): string[] {
  const start = seen.findIndex((entry) => entry.endsWith(` ${path}`));
  if (start === -1) throw new Error(`${path} never reached the backend`);
  return seen.slice(start + 1).filter(late);
}
