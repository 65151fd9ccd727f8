import { hasInjectionContext, inject, provide, type InjectionKey, type MaybeRefOrGetter } from "vue";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { followSession, type FollowSession } from "supertokens-socket";
// The core's error class, bundled here, not imported from an entry: an entry brings its SDK (isAuthedSocketError
// tells it from any copy).
import { AuthedSocketError } from "../core/errors";
import { useAuthedSocketOf, type UseAuthedSocketOptions, type UseAuthedSocketReturn } from "./useAuthedSocket";

/** The key {@link provideAuthedSocket} provides under (for `app.provide` or a test's own provider). */
export const authedSocketKey: InjectionKey<UseAuthedSocketReturn<EventsMap, EventsMap>> = Symbol("supertokens-socket");

/**
 * {@link useAuthedSocket} in a parent component, provided to its descendants: every `injectAuthedSocket()` below it
 * shares this ONE connection, which closes when the providing component unmounts. Answers it too.
 */
export function provideAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: MaybeRefOrGetter<string>,
  options?: MaybeRefOrGetter<UseAuthedSocketOptions>,
): UseAuthedSocketReturn<S, C> {
  return provideAuthedSocketOf<S, C>(followSession, url, options);
}

/** {@link provideAuthedSocket} over the given entry's `followSession` (what `createBindings` hands out). */
export function provideAuthedSocketOf<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  follow: FollowSession,
  url: MaybeRefOrGetter<string>,
  options?: MaybeRefOrGetter<UseAuthedSocketOptions>,
): UseAuthedSocketReturn<S, C> {
  const value = useAuthedSocketOf<S, C>(follow, url, options);
  provide(authedSocketKey, value as unknown as UseAuthedSocketReturn<EventsMap, EventsMap>);
  return value;
}

/**
 * The connection of the nearest ancestor that called {@link provideAuthedSocket}. The event maps are the caller's word
 * (the provider's are not known here). Throws an `AuthedSocketError` (`INVALID_OPTIONS`, a setup mistake) outside
 * setup() or without such an ancestor.
 */
export function injectAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(): UseAuthedSocketReturn<S, C> {
  // hasInjectionContext first: inject() outside setup() would only warn and answer undefined.
  const value = hasInjectionContext() ? inject(authedSocketKey, undefined) : undefined;
  if (!value) {
    throw new AuthedSocketError(
      "INVALID_OPTIONS",
      "Invalid options: injectAuthedSocket() found no connection; call provideAuthedSocket(url) in an ancestor component's setup().",
    );
  }
  return value as unknown as UseAuthedSocketReturn<S, C>;
}
