// The Angular binding (Angular 17 and later): signals over the core's followSession, in an injection context.
export { injectAuthedSocket } from "./injectAuthedSocket";
export type { InjectAuthedSocketOptions, InjectAuthedSocketReturn, InjectAuthedSocketStatus } from "./injectAuthedSocket";
export { injectSocketEvent } from "./injectSocketEvent";
export { createBindings } from "./createBindings";
