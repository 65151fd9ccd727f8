import { useContext } from "react";
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { AuthedSocketContext } from "./AuthedSocketProvider";
import type { UseAuthedSocketResult } from "./useAuthedSocket";

/**
 * The connection of the nearest `AuthedSocketProvider`: what {@link useAuthedSocket} returns there. The event maps
 * are the caller's word (the provider does not know them). Throws outside a provider.
 */
export function useAuthedSocketContext<
  S extends EventsMap = DefaultEventsMap,
  C extends EventsMap = S,
>(): UseAuthedSocketResult<S, C> {
  const value = useContext(AuthedSocketContext);
  if (!value) throw new Error("useAuthedSocketContext() must be called inside an <AuthedSocketProvider>.");
  return value as unknown as UseAuthedSocketResult<S, C>;
}
