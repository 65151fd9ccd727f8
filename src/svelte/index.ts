// The Svelte binding: a store by Svelte's store contract (no import of svelte, so Svelte 3, 4 and 5 alike).
export { authedSocket } from "./authedSocket";
export type {
  AuthedSocketStore,
  AuthedSocketStoreOptions,
  AuthedSocketStoreStatus,
  AuthedSocketStoreValue,
  Readable,
} from "./authedSocket";
export { socketEvent } from "./socketEvent";
export { createBindings } from "./createBindings";
