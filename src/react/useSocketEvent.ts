import { useEffect, useRef } from "react";
import type { Socket } from "socket.io-client";
import type { EventNames, EventParams, EventsMap } from "@socket.io/component-emitter";

/**
 * Listens to a server-to-client event of `socket` while the component is mounted. The handler may be a new function
 * on every render: the latest one is called, without resubscribing. Unsubscribes on unmount and when `socket` or
 * `event` changes; does nothing while `socket` is undefined.
 *
 * @example
 * const { socket } = useAuthedSocket<ServerToClient, ClientToServer>(url);
 * useSocketEvent(socket, "chat", (message) => setMessages((all) => [...all, message]));
 */
export function useSocketEvent<S extends EventsMap, C extends EventsMap, E extends EventNames<S>>(
  socket: Socket<S, C> | undefined,
  event: E,
  handler: (...args: EventParams<S, E>) => void,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    const listener = (...args: EventParams<S, E>) => latest.current(...args);
    socket.on(event, listener as never);
    return () => {
      socket.off(event, listener as never);
    };
  }, [socket, event]);
}
