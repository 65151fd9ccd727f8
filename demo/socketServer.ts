import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import Session from "supertokens-node/recipe/session";
import { authenticateSockets, endSession, type AuthenticatedSocketData } from "supertokens-socket/server";

export interface SocketServerOptions {
  /** The backend's JWKS: `{apiDomain}/auth/jwt/jwks.json`. */
  jwksUri: string;
  /** The page's origin: allowed by CORS with credentials, and the only origin whose cookie-mode handshakes count. */
  websiteDomain: string;
  /** socket.io's adapter, e.g. `createAdapter(pub, sub)` of @socket.io/redis-adapter for several nodes. @default in memory */
  adapter?: ServerOptions["adapter"];
}

/** What a `chat` broadcast carries. */
export interface ChatMessage {
  from: string;
  text: string;
}

/** Events the page sends. */
export interface ChatClientEvents {
  chat: (text: string) => void;
  whoami: (ack: (userId: string) => void) => void;
}

/** Events the server sends. */
export interface ChatServerEvents {
  chat: (message: ChatMessage) => void;
}

export type ChatServer = Server<ChatClientEvents, ChatServerEvents, Record<string, never>, AuthenticatedSocketData>;

export interface SocketServer {
  io: ChatServer;
  /** Disconnects every socket of this session (the server side of a revocation); answers how many. */
  endSession(sessionHandle: string): Promise<number>;
}

/**
 * A small chat on socket.io, every connection authenticated by a SuperTokens access token of a live session:
 * - `chat` (text) is broadcast to everyone as {@link ChatMessage}, `from` being the sender's user id;
 * - `whoami` acks with the user id the socket was authenticated as.
 */
export function attachSocketServer(http: HttpServer, options: SocketServerOptions): SocketServer {
  const io: ChatServer = new Server(http, {
    cors: { origin: options.websiteDomain, credentials: true },
    ...(options.adapter && { adapter: options.adapter }),
  });
  io.use(
    authenticateSockets({
      jwksUri: options.jwksUri,
      // Cookie mode for handshakes that carry no token (a cookie-mode page without exposure).
      allowedOrigins: [options.websiteDomain],
      // A revoked session's access token stays valid until it expires: ask the core (this process runs the backend)
      // so that it cannot open a socket again.
      checkClaims: async (payload) => (await Session.getSessionInformation(payload.sessionHandle)) !== undefined,
    }),
  );
  io.on("connection", (socket) => {
    socket.on("chat", (text) => {
      if (typeof text === "string") io.emit("chat", { from: socket.data.userId, text });
    });
    socket.on("whoami", (ack) => {
      if (typeof ack === "function") ack(socket.data.userId);
    });
  });
  return { io, endSession: (sessionHandle) => endSession(io.of("/"), sessionHandle) };
}
