import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import {
  AuthedSocketError,
  NotLoggedInError,
  createAuthedSocket,
  isAuthedSocketError,
  onSessionSignal,
  type AuthedSocket,
  type AuthedSocketOptions,
  type AuthedSocketSnapshot,
  type AuthedSocketStatus,
} from "supertokens-socket";

/** Everything `createAuthedSocket` takes, plus `enabled`. */
export interface UseAuthedSocketOptions extends AuthedSocketOptions {
  /**
   * Connect at all. While false the hook opens nothing and its status is `"idle"`; turning it off closes the
   * connection.
   * @default true
   */
  enabled?: boolean;
}

/**
 * The core's {@link AuthedSocketStatus}, plus `"idle"` for a hook with `enabled: false`. Before a handle exists
 * the hook reports `"connecting"` (first start) or, when the start found no session, `"unauthenticated"`.
 */
export type UseAuthedSocketStatus = AuthedSocketStatus | "idle";

export interface UseAuthedSocketResult<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>
  extends Omit<AuthedSocketSnapshot<S, C>, "status"> {
  status: UseAuthedSocketStatus;
}

type Snapshot = UseAuthedSocketResult<EventsMap, EventsMap>;
const IDLE: Snapshot = { status: "idle", socket: undefined, error: undefined };
const CONNECTING: Snapshot = { status: "connecting", socket: undefined, error: undefined };

/** What the hook shows for the connection `key`: a live handle's snapshots, or its own. */
interface State<S extends EventsMap, C extends EventsMap> {
  key: string | undefined;
  handle?: AuthedSocket<S, C>;
  snapshot?: UseAuthedSocketResult<S, C>;
}

/**
 * What identifies a connection: the url and every option that is not a function, by value (object keys sorted), so a
 * new options object with the same values is the same connection. Functions are left out: they are read from the
 * latest render each time a connection is created.
 */
function connectionKey(url: string, options: UseAuthedSocketOptions): string {
  return JSON.stringify([url, options], (_key, value: unknown) => {
    if (typeof value === "function") return undefined;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/**
 * A socket.io connection authenticated by the SuperTokens session, for as long as the component is mounted: the
 * React binding of `createAuthedSocket`, which does all the work (tokens, rotation, reconnection).
 *
 * - `status`: the handle's status; before one exists `"connecting"` while starting, `"unauthenticated"` when there is
 *   no session (or it ended, or the server refused it), `"closed"` when the start failed for another reason (see
 *   `error`) or the app closed the socket itself, and `"idle"` while `enabled` is false.
 * - `socket`: the live socket.io-client Socket, or undefined (not started yet, no session, disabled). Each session
 *   gets a new Socket: never keep one across a sign-out.
 * - `error`: the last {@link AuthedSocketError}: `NotLoggedInError` when there is no session, `REJECTED` when the
 *   server refused it, `REFRESH_FAILED` / `TOKEN_NOT_EXPOSED` / `INVALID_OPTIONS` when the start failed.
 *
 * One connection per mounted hook (StrictMode's throwaway mount opens none), closed on unmount. A new `url` or a
 * change in any option that is not a function replaces it; a new options object with the same values does not.
 * Function options (`getAccessToken`, `attemptRefreshingSession`, `io`, an `auth` callback) are read from the latest
 * render whenever a connection is created: inline arrows never reconnect, and a change applies to the next
 * connection. Pass the same functions to every hook (module-level ones) so their refreshes are merged into one.
 *
 * When the session ends the hook releases the socket; when a session begins (sign-in, another user, another tab
 * or a focus that finds one) it connects again with a new handle. After `"closed"` it waits for the next session
 * signal, or a new `url` or options.
 *
 * @example
 * const { socket, status } = useAuthedSocket<ServerToClient, ClientToServer>("https://api.example.com");
 */
export function useAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options: UseAuthedSocketOptions = {},
): UseAuthedSocketResult<S, C> {
  const key = options.enabled === false ? undefined : connectionKey(url, options);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const [state, setState] = useState<State<S, C>>(() => ({ key }));

  useEffect(() => {
    if (key === undefined) return;
    // Enabled again with the same key: forget the handle of the previous run.
    setState((s) => (s.key === key && !s.handle && !s.snapshot ? s : { key }));
    let stopped = false;
    let handle: AuthedSocket<S, C> | undefined;
    let starting = false;
    let startAgain = false;
    let signedOut = false;
    let retryOnCheck = true;
    const show = (next: Omit<State<S, C>, "key">) => setState({ key, ...next });

    const start = () => {
      if (stopped) return;
      if (starting) {
        startAgain = true;
        return;
      }
      starting = true;
      startAgain = false;
      const { enabled: _enabled, ...coreOptions } = latest.current;
      createAuthedSocket<S, C>(url, coreOptions).then(
        (next) => {
          starting = false;
          if (stopped) return next.close();
          handle?.close();
          handle = next;
          signedOut = false;
          retryOnCheck = true;
          next.on("unauthenticated", ({ reason }) => {
            if (reason === "rejected") {
              // The handle's snapshot says why; a look on focus would only be refused again.
              retryOnCheck = false;
              return;
            }
            next.close();
            show({ snapshot: { status: "unauthenticated", socket: undefined, error: new NotLoggedInError() } });
            // The core also ends a handle this way when ANOTHER user's token shows up: look for that session now.
            if (reason === "signed-out" && !signedOut) start();
          });
          show({ handle: next });
        },
        (cause: unknown) => {
          starting = false;
          if (stopped) return;
          const error = isAuthedSocketError(cause)
            ? cause
            : new AuthedSocketError("CONNECT_FAILED", "Could not create the socket.", { cause });
          retryOnCheck = error.code !== "INVALID_OPTIONS";
          const status = error.code === "NOT_LOGGED_IN" ? "unauthenticated" : "closed";
          show({ snapshot: { status, socket: undefined, error } });
          if (startAgain) start();
        },
      );
    };

    const offSignals = onSessionSignal(
      (signal) => {
        // This listener was registered before any handle of this run, so it hears a signal before the handle does.
        if (signal === "signed-out") signedOut = true;
        if (signal === "signed-out" || signal === "session-expired") return;
        if (signal === "session-created") signedOut = false;
        // A live handle looks for itself; one the app closed stays closed.
        if (handle && handle.status !== "unauthenticated") return;
        if (signal === "check" && !retryOnCheck) return;
        start();
      },
      { crossTab: latest.current.crossTab ?? true },
    );
    // StrictMode runs this effect's cleanup synchronously after its first run: starting a microtask later means
    // that throwaway run never creates a socket.
    queueMicrotask(start);
    return () => {
      stopped = true;
      offSignals();
      handle?.close();
    };
  }, [key]);

  const fallback = (key === undefined ? IDLE : CONNECTING) as UseAuthedSocketResult<S, C>;
  const current = state.key === key ? state : undefined;
  const handle = current?.handle;
  const own = current?.snapshot ?? fallback;
  const subscribe = useCallback((listener: () => void) => handle?.subscribe(listener) ?? (() => {}), [handle]);
  return useSyncExternalStore<UseAuthedSocketResult<S, C>>(
    subscribe,
    () => (handle ? handle.getSnapshot() : own),
    () => fallback,
  );
}
