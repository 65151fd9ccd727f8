export { useAuthedSocket } from "./useAuthedSocket";
export type { UseAuthedSocketOptions, UseAuthedSocketResult, UseAuthedSocketStatus } from "./useAuthedSocket";
export { useSocketEvent } from "./useSocketEvent";
export { AuthedSocketProvider } from "./AuthedSocketProvider";
export type { AuthedSocketProviderProps } from "./AuthedSocketProvider";
export { useAuthedSocketContext } from "./useAuthedSocketContext";
