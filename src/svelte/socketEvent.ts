import type { Socket } from "socket.io-client";
import type { EventNames, EventParams, EventsMap } from "@socket.io/component-emitter";
import type { Readable } from "./authedSocket";

/**
 * Listens to a server-to-client event of the store's socket, following it: subscribed once to each Socket the store
 * holds (a rotation keeps the Socket, so the subscription stays; a new session's Socket gets it anew), never twice.
 * The store is any store whose value has a `socket` (an {@link authedSocket} store, or one derived from it); this
 * subscribes to it, so it keeps that connection open until the returned unsubscribe is called. Call it where Svelte
 * runs cleanups: `$effect(() => socketEvent(chat, "chat", handler))` or `onMount(() => socketEvent(...))`, which run
 * only in the browser.
 *
 * @returns the unsubscribe: leaves the socket and the store.
 * @example
 * $effect(() => socketEvent(chat, "chat", (message) => messages.push(message)));
 */
export function socketEvent<S extends EventsMap, C extends EventsMap, E extends EventNames<S>>(
  store: Readable<{ socket: Socket<S, C> | undefined }>,
  event: E,
  handler: (...args: EventParams<S, E>) => void,
): () => void {
  let current: Socket<S, C> | undefined;
  const follow = (socket: Socket<S, C> | undefined) => {
    if (socket === current) return;
    current?.off(event, handler as never);
    current = socket;
    socket?.on(event, handler as never);
  };
  const unsubscribe = store.subscribe(({ socket }) => follow(socket));
  return () => {
    unsubscribe();
    follow(undefined);
  };
}
