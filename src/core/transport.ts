import type { Socket } from "socket.io-client";
import { leaveConnection, type Connection } from "./connection";
import type { TokenIn } from "./options";
import type { Token } from "./tokens";
import { HELLO_EVENT, REAUTH_EVENT, type HelloAck, type ReauthAck, type RejectionCode } from "./protocol";

type Payload = Record<string, unknown>;
type AuthOption = Payload | ((cb: (data: Payload) => void) => void) | undefined;

/**
 * The socket.io glue: where the token goes on the handshake, how a connection is re-opened with a new one, and
 * how the server's answers read. It decides nothing: the lifecycle does.
 */
export interface Transport {
  /** The server can take a new token on the open connection (never in cookie mode: the page holds no token). */
  readonly canReauth: boolean;
  /** The token the last CONNECT carried (the connection's newest when it was sent); undefined in cookie mode. */
  readonly sent: string | undefined;
  /** Routes the socket's connection events, read, to the lifecycle, until `close()`. */
  listen(on: {
    connect(): void;
    /**
     * `code`: null when the server could not be reached (socket.io retries those: the socket stays active), else
     * the server's refusal (a namespace middleware's: it leaves the socket inactive) and its code, if it sent one.
     */
    connectError(code: RejectionCode | undefined | null, error: Error): void;
    /** `reopening`: another handle on the shared connection closed it to reopen it with a fresh token. */
    disconnect(reason: string, reopening: boolean): void;
  }): void;
  /** The token for the next handshake: the connection's, unless it holds one that expires later. */
  setToken(token: Token): void;
  /**
   * Opens `socket`'s namespace on the connection with the current token, unless a CONNECT of it is under way
   * already: an active Socket whose engine is opening or open sends one by itself (socket.io would send a second,
   * which the server answers by dropping the whole connection).
   */
  open(): void;
  /**
   * Closes the underlying transport so that it reopens with a new handshake: once for every namespace on the
   * connection. Unlike `socket.disconnect()`, a server with connection state recovery keeps the sockets' sessions,
   * so nothing is lost across the rotation.
   */
  drop(): void;
  /**
   * Stops listening and leaves the server for good (no recovery: the next user must never resume this session);
   * the other handles on the connection stay.
   */
  close(): void;
  /** Asks whether the server speaks the in-place re-authentication protocol. */
  supportsReauth(): Promise<boolean>;
  /** Hands a fresh token over on the open connection. Undefined when the server did not answer in time. */
  reauth(token: string): Promise<ReauthAck | undefined>;
}

/** `ackTimeoutMs`: how long the server's answers to the hello and the hand-over are waited for. */
export function transport(socket: Socket, connection: Connection, tokenIn: TokenIn, tokenKey: string, ackTimeoutMs: number): Transport {
  const userAuth = socket.auth as AuthOption;
  let sent: string | undefined;
  let off = () => {};
  const { manager } = connection;
  const canReauth = tokenIn !== "cookie";
  // In cookie mode the browser sends the session cookie itself; the page has no token to send. Otherwise a function,
  // read on every CONNECT, sends the connection's newest token whatever the app's own auth; in query mode too: a
  // namespace that joins an open connection presents the current token there (authenticateSockets reads it first),
  // not the one its engine handshake was made with.
  if (canReauth) {
    socket.auth = (cb) => {
      const token = (sent = connection.token);
      const send = (data: Payload) => cb({ ...data, [tokenKey]: token });
      if (typeof userAuth === "function") userAuth(send);
      else send(userAuth ?? {});
    };
  }
  const ask = async <T>(event: string, ...args: unknown[]): Promise<T | undefined> => {
    try {
      return (await socket.timeout(ackTimeoutMs).emitWithAck(event, ...args)) as T;
    } catch {
      return undefined;
    }
  };
  return {
    canReauth,
    get sent() {
      return sent;
    },
    listen(on) {
      const connectError = (error: Error & { data?: { code?: unknown } }) => {
        const code = error.data?.code;
        on.connectError(socket.active ? null : typeof code === "string" ? (code as RejectionCode) : undefined, error);
      };
      const disconnect = (reason: string) => on.disconnect(reason, connection.reopening);
      socket.on("connect", on.connect).on("connect_error", connectError).on("disconnect", disconnect);
      off = () => void socket.off("connect", on.connect).off("connect_error", connectError).off("disconnect", disconnect);
    },
    setToken({ value, expiresAt = 0 }) {
      if (expiresAt < connection.expiresAt) return;
      connection.expiresAt = expiresAt;
      connection.token = value;
      // Query mode: the Manager re-reads opts.query each time it opens a new engine connection.
      if (tokenIn !== "query") return;
      const query = manager.opts.query;
      manager.opts.query = { ...(typeof query === "object" ? query : {}), [tokenKey]: value };
    },
    open() {
      const state = manager.engine?.readyState;
      if (!socket.active || !state || state === "closed") socket.connect();
    },
    drop() {
      if (manager.engine?.readyState === "open") {
        connection.reopening = true;
        // The sockets hear the Manager's "close" first (they subscribed before): each reads the flag, then it clears.
        manager.once("close", () => (connection.reopening = false));
      }
      manager.engine?.close();
    },
    close() {
      off();
      socket.disconnect();
      leaveConnection(connection);
    },
    async supportsReauth() {
      const ack = await ask<HelloAck>(HELLO_EVENT);
      return ack?.protocol === 1 && ack.reauth === true;
    },
    reauth: (token) => ask<ReauthAck>(REAUTH_EVENT, { token }),
  };
}
