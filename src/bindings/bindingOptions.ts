import type { AuthedSocketOptions, AuthedSocketStatus } from "supertokens-socket";

/** Everything `createAuthedSocket` takes, plus `enabled`: the options of every UI binding. */
export interface BindingOptions extends AuthedSocketOptions {
  /**
   * Connect at all. While false the binding opens nothing and its status is `"idle"`; turning it off (a changed
   * option) closes the connection.
   * @default true
   */
  enabled?: boolean;
}

/**
 * The core's {@link AuthedSocketStatus}, plus `"idle"` while `enabled` is false. Before a handle exists a binding
 * reports `"connecting"` (the first start, and always on a server) or, when the start found no session,
 * `"unauthenticated"`.
 */
export type BindingStatus = AuthedSocketStatus | "idle";
