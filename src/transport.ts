import type { Socket } from "socket.io-client";
import type { Connection } from "./connection";
import type { TokenIn } from "./options";
import type { Token } from "./tokens";
import {
  FINAL_REJECTIONS,
  HELLO_EVENT,
  REAUTH_EVENT,
  type HelloAck,
  type ReauthAck,
  type RejectionCode,
} from "./protocol";

type Payload = Record<string, unknown>;
type AuthOption = Payload | ((cb: (data: Payload) => void) => void) | undefined;

/** What a `connect_error` means for the handle. */
export type ConnectFailure =
  | { kind: "rejected"; code: RejectionCode | undefined; final: boolean }
  | { kind: "unavailable"; code: "JWKS_UNAVAILABLE" }
  | { kind: "network" };

/**
 * The socket.io glue: where the token goes on the handshake, how a connection is re-opened with a new one, and
 * how the server's answers read. It decides nothing: the lifecycle does.
 */
export interface Transport {
  readonly socket: Socket;
  /** The token the last CONNECT carried (the connection's newest when it was sent); undefined in cookie mode. */
  readonly sent: string | undefined;
  /** Routes the socket's connection events, read, to the lifecycle. Returns the unsubscribe. */
  listen(on: {
    connect(): void;
    connectError(failure: ConnectFailure, error: Error): void;
    /** `reopening`: another handle on the shared connection closed it to reopen it with a fresh token. */
    disconnect(reason: string, reopening: boolean): void;
  }): () => void;
  /** The token for the next handshake: the connection's, unless it holds a newer one. */
  setToken(token: Token): void;
  /** Opens (or re-opens) the connection with the current token. */
  open(): void;
  /**
   * Closes the underlying transport so that it reopens with a new handshake: once for every namespace on the
   * connection. Unlike `socket.disconnect()`, a server with connection state recovery keeps the sockets' sessions,
   * so nothing is lost across the rotation.
   */
  drop(): void;
  /** Leaves the server for good (no recovery: the next user must never resume this session); the others stay. */
  close(): void;
  /** Asks whether the server speaks the in-place re-authentication protocol. */
  supportsReauth(timeoutMs: number): Promise<boolean>;
  /** Hands a fresh token over on the open connection. Undefined when the server did not answer in time. */
  reauth(token: string, timeoutMs: number): Promise<ReauthAck | undefined>;
}

export function transport(socket: Socket, connection: Connection, tokenIn: TokenIn, tokenKey: string): Transport {
  const userAuth = socket.auth as AuthOption;
  let sent: string | undefined;
  // In cookie mode the browser sends the session cookie itself; the page has no token to send. Otherwise a function,
  // read on every CONNECT, sends the connection's newest token whatever the app's own auth; in query mode too: a
  // namespace that joins an open connection presents the current token there (authenticateSockets reads it first),
  // not the one its engine handshake was made with.
  if (tokenIn !== "cookie") {
    socket.auth = (cb) => {
      const token = (sent = connection.token);
      const send = (data: Payload) => cb({ ...data, [tokenKey]: token });
      if (typeof userAuth === "function") userAuth(send);
      else send(userAuth ?? {});
    };
  }
  const ask = async <T>(event: string, timeoutMs: number, ...args: unknown[]): Promise<T | undefined> => {
    try {
      return (await socket.timeout(timeoutMs).emitWithAck(event, ...args)) as T;
    } catch {
      return undefined;
    }
  };
  return {
    socket,
    get sent() {
      return sent;
    },
    listen(on) {
      const connect = () => on.connect();
      const connectError = (error: Error) => on.connectError(readConnectError(socket, error), error);
      const disconnect = (reason: string) => on.disconnect(reason, connection.reopening);
      socket.on("connect", connect).on("connect_error", connectError).on("disconnect", disconnect);
      return () => void socket.off("connect", connect).off("connect_error", connectError).off("disconnect", disconnect);
    },
    setToken: (token) => connection.offer(token),
    open: () => connection.open(socket),
    drop: () => connection.reopen(),
    close() {
      socket.disconnect();
      connection.leave();
    },
    async supportsReauth(timeoutMs) {
      const ack = await ask<HelloAck>(HELLO_EVENT, timeoutMs);
      return ack?.protocol === 1 && ack.reauth === true;
    },
    reauth: (token, timeoutMs) => ask<ReauthAck>(REAUTH_EVENT, timeoutMs, { token }),
  };
}

/** Reads a `connect_error`. A namespace middleware rejection leaves the socket inactive; socket.io retries the rest. */
function readConnectError(socket: Socket, error: Error & { data?: unknown }): ConnectFailure {
  if (socket.active) return { kind: "network" };
  const data = error.data as { code?: unknown } | undefined;
  const code = typeof data?.code === "string" ? (data.code as RejectionCode) : undefined;
  if (code === "JWKS_UNAVAILABLE") return { kind: "unavailable", code };
  return { kind: "rejected", code, final: code !== undefined && FINAL_REJECTIONS.includes(code) };
}
