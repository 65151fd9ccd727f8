import mitt from "mitt";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { createAuthedSocket, type AuthedSocket, type AuthedSocketSnapshot } from "./createAuthedSocket";
import { AuthedSocketError, isAuthedSocketError, NotLoggedInError } from "./errors";
import type { Environment } from "./environment";
import type { AuthedSocketEvents } from "./events";
import { listen } from "./listen";
import type { AuthedSocketOptions } from "./options";

/**
 * A connection that follows the session across sign-outs and sign-ins: one handle per session, a new one (a new
 * Socket: never one user's socket.io session for another) each time a session begins. What UI bindings adapt.
 */
export interface SessionSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S> {
  /** The live handle's snapshot; before one exists `connecting`, without a session `unauthenticated`. */
  getSnapshot(): AuthedSocketSnapshot<S, C>;
  /** Calls `listener` whenever the snapshot changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Listens to the lifecycle events of whichever handle is live, across sessions; returns the unsubscribe. */
  on<K extends keyof AuthedSocketEvents>(type: K, handler: (event: AuthedSocketEvents[K]) => void): () => void;
  /** Rotates the live handle to a fresh token now; does nothing while there is none. */
  rotate(): void;
  /** Stops following and closes the handle (or cancels its start). */
  close(): void;
}

/**
 * An entry's `followSession` (`supertokens-socket`'s, `supertokens-socket/website`'s, ...): what a binding's
 * `createBindings` adapts, so that the binding brings no SDK of its own.
 */
export type FollowSession = <S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options?: AuthedSocketOptions | (() => AuthedSocketOptions),
) => SessionSocket<S, C>;

const snapshotOf = <S extends EventsMap, C extends EventsMap>(
  status: AuthedSocketSnapshot["status"],
  error?: AuthedSocketError,
): AuthedSocketSnapshot<S, C> => ({ status, socket: undefined, error });

const EVENTS = ["status", "token", "unauthenticated", "error"] as const;

/** The SDK-free `followSession`: each entry calls it with its environment (see the entries' own, documented for users). */
export function followSession<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options: AuthedSocketOptions | (() => AuthedSocketOptions) = {},
  env: Environment,
): SessionSocket<S, C> {
  const read = () => (typeof options === "function" ? options() : options);
  const listeners = new Set<() => void>();
  const events = mitt<AuthedSocketEvents>();
  let own = snapshotOf<S, C>("connecting");
  let handle: AuthedSocket<S, C> | undefined;
  let offHandle: (() => void) | undefined;
  let stopped = false;
  let starting: AbortController | undefined;
  let startAgain = false;
  // After a refusal that a new look cannot fix, only a new session starts again; after a setup mistake, nothing does.
  let retryOnCheck = true;
  let setupMistake = false;

  const notify = () => listeners.forEach((listener) => listener());
  const show = (snapshot: AuthedSocketSnapshot<S, C>) => {
    offHandle?.();
    offHandle = undefined;
    handle = undefined;
    const changed = snapshot.status !== own.status;
    own = snapshot;
    notify();
    if (changed) events.emit("status", snapshot.status);
  };

  const adopt = (next: AuthedSocket<S, C>) => {
    offHandle?.();
    handle?.close();
    handle = next;
    retryOnCheck = true;
    const offs = EVENTS.map((type) => next.on(type, (event) => events.emit(type, event as never)));
    offs.push(next.subscribe(notify));
    offs.push(
      next.on("unauthenticated", ({ reason }) => {
        // Refused by the server: the handle's own snapshot says why, and a look on focus would be refused again.
        if (reason === "rejected") return void (retryOnCheck = false);
        next.close();
        show(snapshotOf("unauthenticated", new NotLoggedInError()));
        // Another user's session is already there: follow it now.
        if (reason === "user-changed") start();
      }),
    );
    offHandle = () => offs.forEach((off) => off());
    notify();
    if (next.status !== own.status) events.emit("status", next.status);
  };

  function start(): void {
    if (stopped) return;
    if (starting) return void (startAgain = true);
    const controller = (starting = new AbortController());
    startAgain = false;
    createAuthedSocket<S, C>(url, { ...read(), signal: controller.signal }, env).then(
      (next) => {
        starting = undefined;
        if (stopped) next.close();
        else adopt(next);
      },
      (cause: unknown) => {
        starting = undefined;
        if (stopped) return;
        const error = isAuthedSocketError(cause)
          ? cause
          : new AuthedSocketError("CONNECT_FAILED", "Could not create the socket.", { cause });
        setupMistake = error.code === "INVALID_OPTIONS";
        retryOnCheck = true;
        show(snapshotOf(error instanceof NotLoggedInError ? "unauthenticated" : "closed", error));
        if (startAgain) start();
      },
    );
  }

  const { crossTab, signal } = read();
  const offSignals = env.signals.onSessionSignal((s) => {
    if (s === "signed-out" || s === "session-expired") return;
    // A live handle looks for itself; one the app closed stays closed.
    if (handle && handle.status !== "unauthenticated") return;
    if (setupMistake || (s === "check" && !retryOnCheck)) return;
    start();
  }, { crossTab: crossTab ?? true });

  const follower: SessionSocket<S, C> = {
    getSnapshot: () => (handle ? handle.getSnapshot() : own),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on: (type, handler) => listen(events, type, handler),
    rotate: () => handle?.rotate(),
    close() {
      if (stopped) return;
      stopped = true;
      signal?.removeEventListener("abort", follower.close);
      offSignals();
      starting?.abort();
      offHandle?.();
      handle?.close();
      listeners.clear();
      events.all.clear();
    },
  };
  if (signal?.aborted) follower.close();
  signal?.addEventListener("abort", follower.close);
  queueMicrotask(start);
  return follower;
}
