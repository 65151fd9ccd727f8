import type { Socket } from "socket.io-client";
import type { TokenIn } from "./options";
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
  #token = "";
  readonly #userAuth: AuthOption;

  readonly socket: Socket;
  readonly #tokenIn: TokenIn;
  readonly #tokenKey: string;

  constructor(socket: Socket, tokenIn: TokenIn, tokenKey: string) {
    this.socket = socket;
    this.#tokenIn = tokenIn;
    this.#tokenKey = tokenKey;
    this.#userAuth = socket.auth as AuthOption;
    if (tokenIn === "auth") {
      // A function is read on every CONNECT, so the token in use is always the one sent, whatever the app's own auth.
      socket.auth = (cb) => {
        const user = this.#userAuth;
        const send = (data: Payload) => cb({ ...data, [this.#tokenKey]: this.#token });
        if (typeof user === "function") user(send);
        else send(user ?? {});
      };
    }
  }

  /** Routes the socket's connection events, read, to the lifecycle. Returns the unsubscribe. */
  listen(on: {
    connect(): void;
    connectError(failure: ConnectFailure, error: Error): void;
    disconnect(reason: string): void;
  }): () => void {
    const socket = this.socket;
    const connect = () => on.connect();
    const connectError = (error: Error) => on.connectError(readConnectError(socket, error), error);
    const disconnect = (reason: string) => on.disconnect(reason);
    socket.on("connect", connect).on("connect_error", connectError).on("disconnect", disconnect);
    return () => void socket.off("connect", connect).off("connect_error", connectError).off("disconnect", disconnect);
  }

  /** The token for the next handshake (query) or CONNECT packet (auth). */
  setToken(token: string): void {
    this.#token = token;
    // In cookie mode the browser sends the session cookie itself; the page has no token to send.
    if (this.#tokenIn !== "query") return;
    // The Manager re-reads opts.query each time it opens a new engine connection.
    const opts = this.socket.io.opts as { query?: Payload | string };
    const query = typeof opts.query === "object" ? opts.query : {};
    opts.query = { ...query, [this.#tokenKey]: token };
  }

  /** Opens (or re-opens) the connection with the current token. */
  open(): void {
    this.socket.connect();
  }

  /**
   * Closes the underlying transport so the next `open()` makes a new handshake. Unlike `socket.disconnect()`, a
   * server with connection state recovery keeps this socket's session, so nothing is lost across the rotation.
   */
  drop(): void {
    this.socket.io.engine?.close();
  }

  /** Leaves the server for good (no recovery: the next user must never resume this session). */
  close(): void {
    this.socket.disconnect();
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
