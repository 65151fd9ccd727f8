import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { createAuthedSocket, type AuthedSocket, type AuthedSocketSnapshot } from "./createAuthedSocket";
import { AuthedSocketError, isAuthedSocketError, NotLoggedInError } from "./errors";
import type { AuthedSocketOptions } from "./options";
import { onSessionSignal } from "./signals";

/**
 * A connection that follows the session across sign-outs and sign-ins: one handle per session, a new one (a new
 * Socket: never one user's socket.io session for another) each time a session begins. What UI bindings adapt.
 */
export interface SessionSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S> {
  /** The live handle's snapshot; before one exists `connecting`, without a session `unauthenticated`. */
  getSnapshot(): AuthedSocketSnapshot<S, C>;
  /** Calls `listener` whenever the snapshot changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Stops following and closes the handle. */
  close(): void;
}

const snapshotOf = <S extends EventsMap, C extends EventsMap>(
  status: AuthedSocketSnapshot["status"],
  error?: AuthedSocketError,
): AuthedSocketSnapshot<S, C> => ({ status, socket: undefined, error });

/**
 * Follows the session with `createAuthedSocket(url, options)`: starts at once if there is a session, otherwise (and
 * after every sign-out) waits for one (`SESSION_CREATED`, another tab, a focus that finds one) and starts again.
 * `options` may be a function, read at each start. The first start waits a microtask, so a follower closed in the
 * same tick (React StrictMode's throwaway effect) opens nothing.
 */
export function followSession<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options: AuthedSocketOptions | (() => AuthedSocketOptions) = {},
): SessionSocket<S, C> {
  const read = () => (typeof options === "function" ? options() : options);
  const listeners = new Set<() => void>();
  let own = snapshotOf<S, C>("connecting");
  let handle: AuthedSocket<S, C> | undefined;
  let offHandle: (() => void) | undefined;
  let stopped = false;
  let starting = false;
  let startAgain = false;
  // After a refusal that a new look cannot fix, only a new session starts again.
  let retryOnCheck = true;

  const notify = () => listeners.forEach((listener) => listener());
  const show = (snapshot: AuthedSocketSnapshot<S, C>) => {
    offHandle?.();
    offHandle = undefined;
    handle = undefined;
    own = snapshot;
    notify();
  };

  const adopt = (next: AuthedSocket<S, C>) => {
    offHandle?.();
    handle?.close();
    handle = next;
    retryOnCheck = true;
    const offChange = next.subscribe(notify);
    const offEnd = next.on("unauthenticated", ({ reason }) => {
      // Refused by the server: the handle's own snapshot says why, and a look on focus would be refused again.
      if (reason === "rejected") return void (retryOnCheck = false);
      next.close();
      show(snapshotOf("unauthenticated", new NotLoggedInError()));
      // Another user's session is already there: follow it now.
      if (reason === "user-changed") start();
    });
    offHandle = () => (offChange(), offEnd());
    notify();
  };

  function start(): void {
    if (stopped) return;
    if (starting) return void (startAgain = true);
    starting = true;
    startAgain = false;
    createAuthedSocket<S, C>(url, read()).then(
      (next) => {
        starting = false;
        if (stopped) next.close();
        else adopt(next);
      },
      (cause: unknown) => {
        starting = false;
        if (stopped) return;
        const error = isAuthedSocketError(cause)
          ? cause
          : new AuthedSocketError("CONNECT_FAILED", "Could not create the socket.", { cause });
        retryOnCheck = error.code !== "INVALID_OPTIONS";
        show(snapshotOf(error instanceof NotLoggedInError ? "unauthenticated" : "closed", error));
        if (startAgain) start();
      },
    );
  }

  const offSignals = onSessionSignal((signal) => {
    if (signal === "signed-out" || signal === "session-expired") return;
    // A live handle looks for itself; one the app closed stays closed.
    if (handle && handle.status !== "unauthenticated") return;
    if (signal === "check" && !retryOnCheck) return;
    start();
  }, { crossTab: read().crossTab ?? true });
  queueMicrotask(start);

  return {
    getSnapshot: () => (handle ? handle.getSnapshot() : own),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (stopped) return;
      stopped = true;
      offSignals();
      offHandle?.();
      handle?.close();
      listeners.clear();
    },
  };
}
