import { Server, type ServerOptions } from "socket.io";
import Session from "supertokens-node/recipe/session";
import { authenticateSockets, type AuthenticatedSocketData } from "supertokens-socket/server";

export interface SocketServerOptions {
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

/**
 * A small chat on socket.io, every connection authenticated by a SuperTokens access token of a live session:
 * - `chat` (text) is broadcast to everyone as {@link ChatMessage}, `from` being the sender's user id;
 * - `whoami` acks with the user id the socket was authenticated as.
 *
 * Not attached to an HTTP server yet (`io.attach(http)`): the backend's Session override needs the server first, to
 * end the sockets of the sessions it revokes, and the backend's request listener must be on the HTTP server before
 * socket.io attaches to it.
 */
export function createSocketServer(options: SocketServerOptions): ChatServer {
  const io: ChatServer = new Server({
    cors: { origin: options.websiteDomain, credentials: true },
    ...(options.adapter && { adapter: options.adapter }),
  });
  io.use(
    authenticateSockets({
      // This process runs the backend: its supertokens-node verifies every handshake and re-authentication.
      sessionRecipe: Session,
      // A revoked session's access token stays valid until it expires: ask the core, so that it cannot open a socket again.
      checkDatabase: true,
      // Cookie mode for handshakes that carry no token (a cookie-mode page without exposure).
      allowedOrigins: [options.websiteDomain],
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
  return io;
}
