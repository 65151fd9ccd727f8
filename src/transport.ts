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
export class Transport {
  /** The token the last CONNECT carried (the connection's newest when it was sent); undefined in cookie mode. */
  sent: string | undefined;
  readonly #userAuth: AuthOption;

  readonly socket: Socket;
  readonly #connection: Connection;

  constructor(socket: Socket, connection: Connection, tokenIn: TokenIn, tokenKey: string) {
    this.socket = socket;
    this.#connection = connection;
    this.#userAuth = socket.auth as AuthOption;
    // In cookie mode the browser sends the session cookie itself; the page has no token to send.
    if (tokenIn === "cookie") return;
    // A function is read on every CONNECT, so each carries the newest token, whatever the app's own auth. In query
    // mode too: a namespace that joins an open connection presents the current token there (authenticateSockets
    // reads it first), not the one its engine handshake was made with.
    socket.auth = (cb) => {
      const user = this.#userAuth;
      const token = (this.sent = connection.token);
      const send = (data: Payload) => cb({ ...data, [tokenKey]: token });
      if (typeof user === "function") user(send);
      else send(user ?? {});
    };
  }

  /** Routes the socket's connection events, read, to the lifecycle. Returns the unsubscribe. */
  listen(on: {
    connect(): void;
    connectError(failure: ConnectFailure, error: Error): void;
    /** `reopening`: another handle on the shared connection closed it to reopen it with a fresh token. */
    disconnect(reason: string, reopening: boolean): void;
  }): () => void {
    const socket = this.socket;
    const connect = () => on.connect();
    const connectError = (error: Error) => on.connectError(readConnectError(socket, error), error);
    const disconnect = (reason: string) => on.disconnect(reason, this.#connection.reopening);
    socket.on("connect", connect).on("connect_error", connectError).on("disconnect", disconnect);
    return () => void socket.off("connect", connect).off("connect_error", connectError).off("disconnect", disconnect);
  }

  /** The token for the next handshake: the connection's, unless it holds a newer one. */
  setToken(token: Token): void {
    this.#connection.offer(token);
  }

  /** Opens (or re-opens) the connection with the current token. */
  open(): void {
    this.#connection.open(this.socket);
  }

  /**
   * Closes the underlying transport so that it reopens with a new handshake: once for every namespace on the
   * connection. Unlike `socket.disconnect()`, a server with connection state recovery keeps the sockets' sessions,
   * so nothing is lost across the rotation.
   */
  drop(): void {
    this.#connection.reopen();
  }

  /** Leaves the server for good (no recovery: the next user must never resume this session); the others stay. */
  close(): void {
    this.socket.disconnect();
    this.#connection.leave();
  }

  /** Asks whether the server speaks the in-place re-authentication protocol. */
  async supportsReauth(timeoutMs: number): Promise<boolean> {
    try {
      const ack = (await this.socket.timeout(timeoutMs).emitWithAck(HELLO_EVENT)) as HelloAck | undefined;
      return ack?.protocol === 1 && ack.reauth === true;
    } catch {
      return false;
    }
  }

  /** Hands a fresh token over on the open connection. Undefined when the server did not answer in time. */
  async reauth(token: string, timeoutMs: number): Promise<ReauthAck | undefined> {
    try {
      return (await this.socket.timeout(timeoutMs).emitWithAck(REAUTH_EVENT, { token })) as ReauthAck;
    } catch {
      return undefined;
    }
  }
}

/** Reads a `connect_error`. A namespace middleware rejection leaves the socket inactive; socket.io retries the rest. */
function readConnectError(socket: Socket, error: Error & { data?: unknown }): ConnectFailure {
  if (socket.active) return { kind: "network" };
  const data = error.data as { code?: unknown } | undefined;
  const code = typeof data?.code === "string" ? (data.code as RejectionCode) : undefined;
  if (code === "JWKS_UNAVAILABLE") return { kind: "unavailable", code };
  return { kind: "rejected", code, final: code !== undefined && FINAL_REJECTIONS.includes(code) };
}
