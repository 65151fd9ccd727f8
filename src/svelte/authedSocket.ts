import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { followSession, type AuthedSocketEvents, type AuthedSocketSnapshot, type FollowSession } from "supertokens-socket";
import type { BindingOptions, BindingStatus } from "../bindings/bindingOptions";
import { bindingFollower, CONNECTING } from "../bindings/bindingFollower";

/**
 * Svelte's store contract (Svelte 3, 4 and 5 alike): `subscribe(run)` calls `run` at once with the current value,
 * then at each change, and returns the unsubscribe. Svelte's own `readable`, `writable`, `derived` and `toStore`
 * stores are such stores.
 */
export interface Readable<T> {
  subscribe(run: (value: T) => void): () => void;
}

/** Everything `createAuthedSocket` takes, plus `enabled` (connect at all; default `true`). */
export type AuthedSocketStoreOptions = BindingOptions;

/** The core's status, plus `"idle"` while `enabled` is false. */
export type AuthedSocketStoreStatus = BindingStatus;

/** The store's value: a new object at each change. */
export interface AuthedSocketStoreValue<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>
  extends Omit<AuthedSocketSnapshot<S, C>, "status"> {
  status: AuthedSocketStoreStatus;
}

/** What {@link authedSocket} returns: a readable store of the connection, and what its handle offers. */
export interface AuthedSocketStore<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>
  extends Readable<AuthedSocketStoreValue<S, C>> {
  /** Rotates the live handle to a fresh token now (after the app changed the session's claims, say); a no-op without one. */
  rotate(): void;
  /**
   * Listens to the lifecycle events (`status`, `token`, `unauthenticated`, `error`) of whichever handle is live,
   * across sessions and across the store's stops and starts; events come only while the store has subscribers.
   * Returns the unsubscribe (an `onMount`'s or `$effect`'s cleanup).
   */
  on<K extends keyof AuthedSocketEvents>(type: K, handler: (event: AuthedSocketEvents[K]) => void): () => void;
}

type Value = AuthedSocketStoreValue<EventsMap, EventsMap>;
const isStore = <T>(input: T | Readable<T>): input is Readable<T> =>
  typeof (input as Partial<Readable<T>> | null)?.subscribe === "function";
/** Calls `apply` with the input's value now and, for a store, at each change; answers the unsubscribe. */
const track = <T>(input: T | Readable<T>, apply: (value: T) => void) =>
  isStore(input) ? input.subscribe(apply) : void apply(input);

/**
 * A socket.io connection authenticated by the SuperTokens session, as a Svelte store: the Svelte binding of
 * `followSession` and `createAuthedSocket`, which do all the work (sessions, tokens, rotation). It implements the
 * store contract itself, so it works with Svelte 3, 4 and 5 (`$chat`, `get`, `derived`, `fromStore`) and imports
 * nothing from svelte.
 *
 * - It connects when it gets its first subscriber and closes when its last one leaves: `$chat` in a component
 *   connects on mount and closes on unmount, and every component subscribed to one store shares ONE connection.
 *   A `get(chat)` (a subscribe and unsubscribe at once) opens nothing: the core starts a microtask later.
 * - `url` and `options` are values or stores of values (Svelte 5: `toStore(() => ...)`). A new url, or a change in
 *   any option that is not a function, replaces the connection; a new options object with the same values does not.
 *   Function options (`getAccessToken`, `io`, ...) are read from the latest options whenever a connection is created.
 * - On a server (no `window`: SvelteKit's render subscribes to `$chat`) it follows nothing and opens nothing: its
 *   value stays `"connecting"` (`"idle"` with `enabled: false`), and the browser connects after hydration.
 *
 * The value, `{ socket, status, error }`, means what the React hook's does:
 * - `status`: the handle's status; `"connecting"` before one exists, `"unauthenticated"` without a session (or when it
 *   ended, or the server refused it), `"closed"` when the start failed for another reason (see `error`), reconnecting
 *   gave up or the app closed the socket itself, and `"idle"` while `enabled` is false.
 * - `socket`: the live socket.io-client Socket, or undefined. Each session gets a new Socket: never keep one across a
 *   sign-out (use {@link socketEvent}, which follows it).
 * - `error`: the last `AuthedSocketError` (`NotLoggedInError` without a session).
 *
 * @example
 * const chat = authedSocket<ServerToClient, ClientToServer>("https://api.example.com");
 * // in markup: {$chat.status}; send with $chat.socket?.emit("chat", text)
 */
export function authedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string | Readable<string>,
  options: AuthedSocketStoreOptions | Readable<AuthedSocketStoreOptions> = {},
): AuthedSocketStore<S, C> {
  return authedSocketOf<S, C>(followSession, url, options);
}

/** {@link authedSocket} over the given entry's `followSession` (what `createBindings` hands out). */
export function authedSocketOf<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  follow: FollowSession,
  url: string | Readable<string>,
  options: AuthedSocketStoreOptions | Readable<AuthedSocketStoreOptions> = {},
): AuthedSocketStore<S, C> {
  const runs = new Set<(value: Value) => void>();
  let value = CONNECTING as Value;
  let stop: (() => void) | undefined;

  const show = (next: Value) => {
    if (next === value) return;
    value = next;
    for (const run of runs) run(value);
  };
  // A server renders "connecting" and follows nothing: no session signals, no socket, no browser global.
  const connection = bindingFollower<S, C>(follow, show, typeof window !== "undefined");

  function start(): () => void {
    let href = "";
    let latest: AuthedSocketStoreOptions = {};
    let ready = false;
    const connect = () => ready && connection.update(href, () => latest);
    const offs = [track(options, (v) => ((latest = v), connect())), track(url, (v) => ((href = v), connect()))];
    ready = true;
    connect();
    return () => {
      offs.forEach((off) => off?.());
      connection.close();
      value = CONNECTING;
    };
  }

  return {
    subscribe(run) {
      // Its own entry: the same function subscribed twice is two subscribers.
      const entry = (v: Value) => run(v as AuthedSocketStoreValue<S, C>);
      // As Svelte's `readable`: start first (its value is set without telling anyone), then tell the newcomer.
      if (!runs.size) stop = start();
      runs.add(entry);
      entry(value);
      return () => {
        if (runs.delete(entry) && !runs.size) stop?.();
      };
    },
    rotate: connection.rotate,
    on: connection.on,
  };
}
