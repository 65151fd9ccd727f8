// The Vue binding (Vue 3.3 and later): composables over the core's followSession.
export { useAuthedSocket } from "./useAuthedSocket";
export type { UseAuthedSocketOptions, UseAuthedSocketReturn, UseAuthedSocketStatus } from "./useAuthedSocket";
export { useSocketEvent } from "./useSocketEvent";
export { authedSocketKey, injectAuthedSocket, provideAuthedSocket } from "./provide";
export { createBindings } from "./createBindings";
