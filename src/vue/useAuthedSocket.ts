import { computed, onScopeDispose, shallowRef, toRaw, toValue, watchEffect, type MaybeRefOrGetter, type Ref } from "vue";
import type { Socket } from "socket.io-client";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { followSession, type AuthedSocketError, type AuthedSocketEvents, type FollowSession } from "supertokens-socket";
import type { BindingOptions, BindingStatus } from "../bindings/bindingOptions";
import { bindingFollower, CONNECTING, type BindingSnapshot } from "../bindings/bindingFollower";

/** Everything `createAuthedSocket` takes, plus `enabled` (connect at all; default `true`). */
export type UseAuthedSocketOptions = BindingOptions;

/** The core's status, plus `"idle"` while `enabled` is false. */
export type UseAuthedSocketStatus = BindingStatus;

/** What {@link useAuthedSocket} returns: read-only refs of the connection, and what its handle offers. */
export interface UseAuthedSocketReturn<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S> {
  /** The live socket.io-client Socket, or undefined (not started, no session, disabled). A new one each session. */
  socket: Readonly<Ref<Socket<S, C> | undefined>>;
  /** The handle's status; `"idle"` while disabled, `"unauthenticated"` without a session. */
  status: Readonly<Ref<UseAuthedSocketStatus>>;
  /** The last `AuthedSocketError` (`NotLoggedInError` without a session), or undefined. */
  error: Readonly<Ref<AuthedSocketError | undefined>>;
  /** Rotates the live handle to a fresh token now (after the app changed the session's claims, say); a no-op without one. */
  rotate(): void;
  /**
   * Listens to the lifecycle events (`status`, `token`, `unauthenticated`, `error`) of whichever handle is live,
   * across sessions and reconnections for a new url or options, until the returned unsubscribe or the scope's end.
   */
  on<K extends keyof AuthedSocketEvents>(type: K, handler: (event: AuthedSocketEvents[K]) => void): () => void;
}


/**
 * A socket.io connection authenticated by the SuperTokens session, for as long as the calling effect scope lasts (a
 * component's setup: until it unmounts): the Vue binding of `followSession` and `createAuthedSocket`, which do all the
 * work (sessions, tokens, rotation). Call it in `setup()` / `<script setup>` (or inside an `effectScope`).
 *
 * - `url` and `options` are values, refs or getters. A new url, or a change in any option that is not a function,
 *   closes the connection and opens a new one at once; a new options object with the same values does not. Function
 *   options (`getAccessToken`, `io`, ...) are read from the latest options whenever a connection is created.
 * - The connection closes when the scope is disposed (the component unmounts). A component kept by `<KeepAlive>` is
 *   deactivated, not unmounted: its connection stays open until it is really unmounted.
 * - On a server (no `window`: `renderToString`, Nuxt) it opens nothing and reads nothing: `status` stays
 *   `"connecting"` (`"idle"` with `enabled: false`), which is also the browser's first value, so hydration matches.
 *
 * `socket`, `status` and `error` mean what the React hook's do (see {@link UseAuthedSocketReturn}).
 *
 * @example
 * const { socket, status } = useAuthedSocket<ServerToClient, ClientToServer>("https://api.example.com");
 */
export function useAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: MaybeRefOrGetter<string>,
  options: MaybeRefOrGetter<UseAuthedSocketOptions> = {},
): UseAuthedSocketReturn<S, C> {
  return useAuthedSocketOf<S, C>(followSession, url, options);
}

/** {@link useAuthedSocket} over the given entry's `followSession` (what `createBindings` hands out). */
export function useAuthedSocketOf<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  follow: FollowSession,
  url: MaybeRefOrGetter<string>,
  options: MaybeRefOrGetter<UseAuthedSocketOptions> = {},
): UseAuthedSocketReturn<S, C> {
  // shallowRef: the Socket is a live socket.io object, never to be made reactive (proxied).
  const snapshot = shallowRef<BindingSnapshot>(CONNECTING);
  // A server renders "connecting" and follows nothing: no session signals, no socket, no browser global.
  const connection = bindingFollower<S, C>(follow, (next) => (snapshot.value = next), typeof window !== "undefined");
  // Tracked: the url and every option read for the key (by value, deeply), so a change re-runs it, and it replaces
  // the connection only when the key changed. The core reads the latest options as plain objects: never Vue's
  // proxies inside socket.io.
  watchEffect(() => connection.update(toValue(url), () => toRaw(toValue(options))), { flush: "sync" });
  onScopeDispose(() => connection.close(true));

  return {
    socket: computed(() => snapshot.value.socket as Socket<S, C> | undefined),
    status: computed(() => snapshot.value.status),
    error: computed(() => snapshot.value.error),
    rotate: connection.rotate,
    on: connection.on,
  };
}
