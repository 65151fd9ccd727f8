import type { Socket } from "socket.io";
import type { AuthenticatedSocketData } from "supertokens-socket/server";
import type { ChatClientEvents, ChatServer, ChatServerEvents } from "../../../demo/socketServer";

type ChatServerSocket = Socket<ChatClientEvents, ChatServerEvents, Record<string, never>, AuthenticatedSocketData>;

/** One moment the socket server took a token: a handshake it admitted, or an in-place hand-over it applied. */
export interface Acceptance {
  kind: "accept" | "reauth";
  socketId: string;
  userId: string;
  /** The token's `exp` in ms, as the server put it on `socket.data.expiresAt`. */
  expiresAt: number;
  /** The server's clock when it took the token. */
  at: number;
}

/**
 * Listens on the stack's socket server: every admitted handshake and every applied re-authentication (seen as a write
 * of `socket.data.expiresAt`), plus live and peak connection counts per user.
 */
export function recordServer(io: ChatServer) {
  const acceptances: Acceptance[] = [];
  const disconnects: { socketId: string; userId: string; reason: string; at: number }[] = [];
  const live = new Map<string, number>();
  const peak = new Map<string, number>();

  const onConnection = (socket: ChatServerSocket) => {
    const data = socket.data;
    const userId = data.userId;
    acceptances.push({ kind: "accept", socketId: socket.id, userId, expiresAt: data.expiresAt, at: Date.now() });
    let expiresAt = data.expiresAt;
    // authenticateSockets applies a hand-over with Object.assign(socket.data, ...): this setter sees it.
    Object.defineProperty(data, "expiresAt", {
      configurable: true,
      enumerable: true,
      get: () => expiresAt,
      set(value: number) {
        expiresAt = value;
        acceptances.push({ kind: "reauth", socketId: socket.id, userId, expiresAt: value, at: Date.now() });
      },
    });
    const now = (live.get(userId) ?? 0) + 1;
    live.set(userId, now);
    peak.set(userId, Math.max(peak.get(userId) ?? 0, now));
    socket.once("disconnect", (reason) => {
      live.set(userId, (live.get(userId) ?? 1) - 1);
      disconnects.push({ socketId: socket.id, userId, reason, at: Date.now() });
    });
  };
  io.on("connection", onConnection);

  return {
    acceptances,
    disconnects,
    of: (userId: string) => acceptances.filter((a) => a.userId === userId),
    /** Connected sockets of the user right now, as socket.io counts them. */
    connected: (userId: string) => [...io.of("/").sockets.values()].filter((s) => s.data.userId === userId).length,
    live: (userId: string) => live.get(userId) ?? 0,
    peak: (userId: string) => peak.get(userId) ?? 0,
    resetPeak: (userId: string) => peak.set(userId, live.get(userId) ?? 0),
    stop: () => io.off("connection", onConnection),
  };
}

export type ServerLog = ReturnType<typeof recordServer>;
