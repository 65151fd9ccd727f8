import {
  DestroyRef,
  NgZone,
  PLATFORM_ID,
  assertInInjectionContext,
  computed,
  effect,
  inject,
  isSignal,
  signal,
  untracked,
  type Signal,
} from "@angular/core";
import type { Socket } from "socket.io-client";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { followSession, type AuthedSocketError, type AuthedSocketEvents, type FollowSession } from "supertokens-socket";
import type { BindingOptions, BindingStatus } from "../bindings/bindingOptions";
import { bindingFollower, CONNECTING, type BindingSnapshot } from "../bindings/bindingFollower";

/** Everything `createAuthedSocket` takes, plus `enabled` (connect at all; default `true`). */
export type InjectAuthedSocketOptions = BindingOptions;

/** The core's status, plus `"idle"` while `enabled` is false. */
export type InjectAuthedSocketStatus = BindingStatus;

/** What {@link injectAuthedSocket} returns: read-only signals of the connection, and what its handle offers. */
export interface InjectAuthedSocketReturn<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S> {
  /** The live socket.io-client Socket, or undefined (not started, no session, disabled). A new one each session. */
  socket: Signal<Socket<S, C> | undefined>;
  /** The handle's status; `"idle"` while disabled, `"unauthenticated"` without a session. */
  status: Signal<InjectAuthedSocketStatus>;
  /** The last `AuthedSocketError` (`NotLoggedInError` without a session), or undefined. */
  error: Signal<AuthedSocketError | undefined>;
  /** Rotates the live handle to a fresh token now (after the app changed the session's claims, say); a no-op without one. */
  rotate(): void;
  /**
   * Listens to the lifecycle events (`status`, `token`, `unauthenticated`, `error`) of whichever handle is live,
   * across sessions and reconnections for a new url or options, until the returned unsubscribe or the context's end.
   */
  on<K extends keyof AuthedSocketEvents>(type: K, handler: (event: AuthedSocketEvents[K]) => void): () => void;
}

const read = <T>(input: T | Signal<T>): T => (isSignal(input) ? input() : input);

/**
 * A socket.io connection authenticated by the SuperTokens session, for as long as the injection context lasts (a
 * component: until it is destroyed; a service: until its injector is): the Angular binding of `followSession` and
 * `createAuthedSocket`, which do all the work (sessions, tokens, rotation). Call it where `inject()` works (a field
 * initializer or constructor of a component, directive or service); elsewhere it throws Angular's NG0203.
 *
 * - `url` and `options` are values or signals. A new url, or a change in any option that is not a function, closes
 *   the connection and opens a new one (when Angular runs effects); a new options object with the same values does
 *   not. Function options (`getAccessToken`, `io`, ...) are read from the latest options whenever a connection is
 *   created.
 * - The connection closes with the context's `DestroyRef`. To share ONE connection, call it in a service provided in
 *   the root (`@Injectable({ providedIn: "root" })`) and inject that service.
 * - On a server (`PLATFORM_ID` is not `"browser"`: `@angular/ssr`, `renderApplication`) it opens nothing and reads
 *   nothing: `status` stays `"connecting"` (`"idle"` with `enabled: false`), the browser's first value too.
 * - Zone.js or zoneless: the signals are set inside Angular's zone, so views reading them (OnPush ones too) update.
 *
 * `socket`, `status` and `error` mean what the React hook's do (see {@link InjectAuthedSocketReturn}).
 *
 * @example
 * readonly chat = injectAuthedSocket<ServerToClient, ClientToServer>("https://api.example.com");
 * // template: {{ chat.status() }}
 */
export function injectAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string | Signal<string>,
  options: InjectAuthedSocketOptions | Signal<InjectAuthedSocketOptions> = {},
): InjectAuthedSocketReturn<S, C> {
  return injectAuthedSocketOf<S, C>(followSession, url, options, injectAuthedSocket);
}

/**
 * {@link injectAuthedSocket} over the given entry's `followSession` (what `createBindings` hands out); `caller` is
 * what Angular's error names outside an injection context.
 */
export function injectAuthedSocketOf<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  follow: FollowSession,
  url: string | Signal<string>,
  options: InjectAuthedSocketOptions | Signal<InjectAuthedSocketOptions> = {},
  caller: Function = injectAuthedSocketOf,
): InjectAuthedSocketReturn<S, C> {
  assertInInjectionContext(caller);
  const zone = inject(NgZone, { optional: true });
  // What isPlatformBrowser (@angular/common) compares; a bare injector without a platform goes by `window`.
  const platform = inject(PLATFORM_ID, { optional: true });
  const browser = platform ? platform === "browser" : typeof window !== "undefined";
  const snapshot = signal<BindingSnapshot>(CONNECTING);
  // Inside the zone: a zone.js app checks its views after it, even when the core called from outside (Angular 17).
  const show = (next: BindingSnapshot) => (zone ? zone.run(() => snapshot.set(next)) : snapshot.set(next));
  // A server renders "connecting" and follows nothing: no session signals, no socket, no browser global.
  const connection = bindingFollower<S, C>(follow, show, browser);
  const connect = () => connection.update(read(url), () => untracked(() => read(options)));
  // At once, not at the first effect run: the core starts a microtask later, whatever the change detection.
  untracked(connect);
  // Signals are followed by an effect (destroyed with the context); it reconnects only when the key changed.
  if (isSignal(url) || isSignal(options)) {
    effect(() => {
      read(url);
      read(options);
      untracked(connect);
    });
  }
  inject(DestroyRef).onDestroy(() => connection.close(true));

  return {
    socket: computed(() => snapshot().socket as Socket<S, C> | undefined),
    status: computed(() => snapshot().status),
    error: computed(() => snapshot().error),
    rotate: connection.rotate,
    on: connection.on,
  };
}
