import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import {
  followSession,
  type AuthedSocketEvents,
  type AuthedSocketSnapshot,
  type SessionSocket,
} from "supertokens-socket";
import type { BindingOptions, BindingStatus } from "../bindings/bindingOptions";
import { connectionKey } from "../bindings/connectionKey";

/** Everything `createAuthedSocket` takes, plus `enabled` (connect at all; default `true`). */
export type UseAuthedSocketOptions = BindingOptions;

/** The core's status, plus `"idle"` while `enabled` is false. */
export type UseAuthedSocketStatus = BindingStatus;

export interface UseAuthedSocketResult<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>
  extends Omit<AuthedSocketSnapshot<S, C>, "status"> {
  status: UseAuthedSocketStatus;
  /** Rotates the live handle to a fresh token now (after the app changed the session's claims, say); a no-op without one. */
  rotate(): void;
  /**
   * Listens to the lifecycle events (`status`, `token`, `unauthenticated`, `error`) of whichever handle is live,
   * across sessions, for as long as this connection lasts; returns the unsubscribe (an effect's cleanup). A new
   * function when the connection is replaced (new url or options).
   */
  on<K extends keyof AuthedSocketEvents>(type: K, handler: (event: AuthedSocketEvents[K]) => void): () => void;
}

type Snapshot = Omit<UseAuthedSocketResult<EventsMap, EventsMap>, "rotate" | "on">;
const IDLE: Snapshot = { status: "idle", socket: undefined, error: undefined };
const CONNECTING: Snapshot = { status: "connecting", socket: undefined, error: undefined };
const nothing = () => {};

/**
 * A socket.io connection authenticated by the SuperTokens session, for as long as the component is mounted: the
 * React binding of `followSession` and `createAuthedSocket`, which do all the work (sessions, tokens, rotation).
 *
 * - `status`: the handle's status; before one exists `"connecting"` while starting, `"unauthenticated"` when there is
 *   no session (or it ended, or the server refused it), `"closed"` when the start failed for another reason (see
 *   `error`), reconnecting gave up (`CONNECT_FAILED`) or the app closed the socket itself, and `"idle"` while
 *   `enabled` is false.
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
 * - `rotate()`, `on(event, handler)`: what the handle offers, for whichever handle is live (see
 *   {@link UseAuthedSocketResult}).
 *
 * When the session ends the hook releases the socket; when a session begins (sign-in, another user, another tab
 * or a focus that finds one) it connects again with a new handle. A start that failed (`"closed"` with
 * `REFRESH_FAILED`, say) is tried again at the next session signal; a setup mistake (`INVALID_OPTIONS`) is not. A
 * handle that ended `"closed"` (the app closed the socket, or reconnecting gave up: `CONNECT_FAILED`) stays closed
 * until a new `url` or options (or a remount). Unmounting, or a new url or options, cancels a start under way.
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
  const [follower, setFollower] = useState<{ key: string; session: SessionSocket<S, C> }>();

  useEffect(() => {
    if (key === undefined) return;
    // The core follows the session; it starts a microtask later, so StrictMode's throwaway run opens nothing.
    const session = followSession<S, C>(url, () => {
      const { enabled: _enabled, ...coreOptions } = latest.current;
      return coreOptions;
    });
    setFollower({ key, session });
    return () => session.close();
  }, [key]);

  const fallback = (key === undefined ? IDLE : CONNECTING) as AuthedSocketSnapshot<S, C>;
  // The previous url's follower is never shown, not even for the render before its effect is cleaned up.
  const session = follower?.key === key ? follower?.session : undefined;
  const subscribe = useCallback((listener: () => void) => session?.subscribe(listener) ?? nothing, [session]);
  const snapshot = useSyncExternalStore(subscribe, () => session?.getSnapshot() ?? fallback, () => fallback);
  const actions = useMemo<Pick<UseAuthedSocketResult, "rotate" | "on">>(
    () => ({ rotate: () => session?.rotate(), on: (type, handler) => session?.on(type, handler) ?? nothing }),
    [session],
  );
  return useMemo(() => ({ ...(snapshot as Snapshot as UseAuthedSocketResult<S, C>), ...actions }), [snapshot, actions]);
}
