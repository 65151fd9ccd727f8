import { NgZone, assertInInjectionContext, effect, inject, untracked, type Signal } from "@angular/core";
import type { Socket } from "socket.io-client";
import type { EventNames, EventParams, EventsMap } from "@socket.io/component-emitter";

/**
 * Listens to a server-to-client event of the Socket in `socket` (the `socket` signal of {@link injectAuthedSocket}, or
 * any signal of one), following it: subscribed once to each Socket it holds (a rotation keeps the Socket, so the
 * subscription stays; a new session's Socket gets it anew), never twice, and unsubscribed when the injection context
 * is destroyed. Call it where `inject()` works (a field initializer or constructor); elsewhere it throws NG0203. The
 * handler runs inside Angular's zone, so a zone.js app checks its views after it.
 *
 * @example
 * readonly chat = inject(ChatSocket).chat;
 * readonly messages = signal<ChatMessage[]>([]);
 * constructor() {
 *   injectSocketEvent(this.chat.socket, "chat", (message) => this.messages.update((all) => [...all, message]));
 * }
 */
export function injectSocketEvent<S extends EventsMap, C extends EventsMap, E extends EventNames<S>>(
  socket: Signal<Socket<S, C> | undefined>,
  event: E,
  handler: (...args: EventParams<S, E>) => void,
): void {
  assertInInjectionContext(injectSocketEvent);
  const zone = inject(NgZone, { optional: true });
  const call = (args: EventParams<S, E>) => untracked(() => handler(...args));
  const listener = (...args: EventParams<S, E>) => (zone ? zone.run(call, undefined, [args]) : call(args));
  // The effect reruns only when the signal holds another Socket (rotations keep it); its cleanup leaves the old one,
  // and it is destroyed with the context.
  effect((onCleanup) => {
    const current = socket();
    if (!current) return;
    current.on(event, listener as never);
    onCleanup(() => void current.off(event, listener as never));
  });
}
