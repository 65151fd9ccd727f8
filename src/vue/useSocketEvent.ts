import { isRef, onScopeDispose, toValue, watch, type MaybeRefOrGetter, type Ref } from "vue";
import type { Socket } from "socket.io-client";
import type { EventNames, EventParams, EventsMap } from "@socket.io/component-emitter";

/**
 * Listens to a server-to-client event of `socket` (a ref such as `useAuthedSocket`'s `socket`, a getter or a value)
 * for as long as the calling effect scope lasts, following it: subscribed once to each Socket it holds (a rotation
 * keeps the Socket, so the subscription stays; a new session's Socket gets it anew), never twice, and unsubscribed when
 * the scope is disposed. `handler` may be a ref of a function: the latest one is called, without resubscribing.
 *
 * @example
 * const { socket } = useAuthedSocket<ServerToClient, ClientToServer>(url);
 * useSocketEvent(socket, "chat", (message) => messages.value.push(message));
 */
export function useSocketEvent<S extends EventsMap, C extends EventsMap, E extends EventNames<S>>(
  socket: MaybeRefOrGetter<Socket<S, C> | undefined>,
  event: E,
  handler: ((...args: EventParams<S, E>) => void) | Readonly<Ref<(...args: EventParams<S, E>) => void>>,
): void {
  const listener = (...args: EventParams<S, E>) => (isRef(handler) ? handler.value : handler)(...args);
  let current: Socket<S, C> | undefined;
  const follow = (next: Socket<S, C> | undefined) => {
    if (next === current) return;
    current?.off(event, listener as never);
    current = next;
    next?.on(event, listener as never);
  };
  watch(() => toValue(socket), follow, { immediate: true, flush: "sync" });
  onScopeDispose(() => follow(undefined));
}
