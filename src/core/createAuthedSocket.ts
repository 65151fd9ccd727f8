import mitt from "mitt";
import { io as defaultIo, type Socket } from "socket.io-client";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import type { AuthedSocketError } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus } from "./events";
import { systemClock } from "./clock";
import { lifecycle } from "./lifecycle";
import { joinConnection, type Connection } from "./connection";
import { listen } from "./listen";
import type { AuthedSocketOptions } from "./options";
import type { Environment } from "./environment";
import { abortError } from "./errors";
import { fromClaims, readToken, tokenSource, type Token } from "./tokens";
import { transport } from "./transport";
import { validateOptions } from "./validateOptions";

/** What a UI needs to render a handle; a new object whenever one of its fields changes. */
export interface AuthedSocketSnapshot<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S> {
  status: AuthedSocketStatus;
  /** The socket while the handle lives; undefined once it is `unauthenticated` or `closed`. */
  socket: Socket<S, C> | undefined;
  /** The last error, fatal or not. */
  error: AuthedSocketError | undefined;
}

/** A socket.io connection that stays authenticated for as long as the SuperTokens session lives. */
export interface AuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S> {
  /** The socket.io-client Socket: the same instance for the life of the handle, so listeners survive rotations. */
  readonly socket: Socket<S, C>;
  readonly status: AuthedSocketStatus;
  /** The `exp` of the token in use, in ms since the epoch (server clock). */
  readonly expiresAt: number | undefined;
  /** The last error, fatal or not. */
  readonly error: AuthedSocketError | undefined;
  /** Listens to a lifecycle event; returns the unsubscribe. */
  on<K extends keyof AuthedSocketEvents>(type: K, handler: (event: AuthedSocketEvents[K]) => void): () => void;
  /** Calls `listener` whenever the snapshot changes; returns the unsubscribe (for `useSyncExternalStore`). */
  subscribe(listener: () => void): () => void;
  getSnapshot(): AuthedSocketSnapshot<S, C>;
  /** Rotates to a fresh token now (after the app changed the session's claims, say). */
  rotate(): void;
  /** Closes the socket and releases every timer, listener and registration. Safe to call twice. */
  close(): void;
}

/**
 * The SDK-free `createAuthedSocket`: each entry calls it with its SDK's session functions and its platform (see
 * the entries' own `createAuthedSocket`, documented for users).
 */
export async function createAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options: AuthedSocketOptions = {},
  { session, signals }: Environment,
): Promise<AuthedSocket<S, C>> {
  validateOptions(url, options);
  const {
    tokenIn = "query",
    tokenKey = "token",
    refreshMarginMs,
    getAccessToken = session.getAccessToken,
    attemptRefreshingSession = session.attemptRefreshingSession,
    doesSessionExist = session.doesSessionExist,
    getAccessTokenPayload = session.getAccessTokenPayload,
    ackTimeoutMs = 5_000,
    sessionTimeoutMs = 15_000,
    crossTab = true,
    io = defaultIo,
    logger,
    signal,
    clock = systemClock,
    ...socketOptions
  } = options;
  const aborted = () => abortError("createAuthedSocket was aborted.");
  if (signal?.aborted) throw aborted();

  const read = async () => {
    if (tokenIn !== "cookie") {
      const value = await getAccessToken();
      return value ? readToken(value) : undefined;
    }
    if (!(await doesSessionExist())) return undefined;
    const payload = await getAccessTokenPayload();
    // The payload tells tokens apart and times them; the token itself stays in its httpOnly cookie.
    return fromClaims(JSON.stringify(payload), payload);
  };
  // Once the handle has ended (or its start was aborted) it asks the session nothing more.
  let ended = false;
  const tokens = tokenSource({ read, attemptRefreshingSession, live: () => !ended }, refreshMarginMs, sessionTimeoutMs, clock);
  // Aborting during the start rejects it (and opens nothing); aborting later closes the handle.
  let handle: AuthedSocket<S, C> | undefined;
  let abort: () => void;
  const onAbort = () => (handle ? handle.close() : abort());
  signal?.addEventListener("abort", onAbort);
  let token;
  try {
    token = await new Promise<Token>((resolve, reject) => {
      abort = () => ((ended = true), reject(aborted()));
      tokens.current().then(resolve, reject);
    });
    // Aborted after the token came but before this resumed: the start still ends as aborted, with nothing opened.
    if (ended) throw aborted();
  } catch (error) {
    signal?.removeEventListener("abort", onAbort);
    throw error;
  }

  const { socket, connection } = joinConnection(
    url,
    io,
    {
      // The session cookie must travel with the handshake, also to a socket server on another origin.
      withCredentials: tokenIn === "cookie",
      // A page that is not a secure context (plain HTTP, not localhost: a phone on the LAN) gets no Fetch Metadata,
      // so its same-origin long-polling handshake cannot be told from another site's and is refused; a WebSocket
      // handshake always carries Origin. The app's own `transports` win.
      ...(tokenIn === "cookie" && globalThis.isSecureContext === false && { transports: ["websocket"] }),
      ...socketOptions,
      autoConnect: false,
      // The lifecycle reconnects, so that it can refresh first: socket.io would replay a stale token.
      reconnection: false,
    },
    // Only handles of one session, whose tokens travel alike, share a connection.
    [io, tokenIn, tokenKey, getAccessToken, attemptRefreshingSession, doesSessionExist, getAccessTokenPayload, token.session],
  ) as { socket: Socket<S, C>; connection: Connection };

  const emitter = mitt<AuthedSocketEvents>();
  const listeners = new Set<() => void>();
  let snapshot: AuthedSocketSnapshot<S, C> | undefined;
  const life = lifecycle({
    transport: transport(socket as Socket, connection, tokenIn, tokenKey, ackTimeoutMs),
    tokens,
    emitter,
    token,
    reconnection: socketOptions,
    clock,
    logger,
    onChange: () => {
      snapshot = undefined;
      // A final state releases the session registration (and the signal) at once; the app's listeners go with close().
      if (life.done) {
        ended = true;
        offSignals();
        signal?.removeEventListener("abort", onAbort);
      }
      listeners.forEach((listener) => listener());
    },
  });
  const offSignals = signals.onSessionSignal((s) => life.signal(s), { crossTab });

  const live: AuthedSocket<S, C> = (handle = {
    socket,
    get status() {
      return life.status;
    },
    get expiresAt() {
      return life.token.expiresAt;
    },
    get error() {
      return life.error;
    },
    on: (type, handler) => listen(emitter, type, handler),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => (snapshot ??= { status: life.status, socket: life.done ? undefined : socket, error: life.error }),
    rotate: () => life.rotate(),
    close() {
      life.close();
      listeners.clear();
      emitter.all.clear();
    },
  });
  life.start();
  return live;
}
