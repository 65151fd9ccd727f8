import type { FollowSession } from "supertokens-socket";
import { authedSocket, authedSocketOf } from "./authedSocket";
import { socketEvent } from "./socketEvent";

/**
 * The Svelte binding over another entry's `followSession`, so that the app bundles only the SDK it uses: the same
 * stores as this module's own, which follow `supertokens-socket` (supertokens-web-js).
 *
 * @example
 * import { followSession } from "supertokens-socket/website";
 * export const { authedSocket, socketEvent } = createBindings(followSession);
 */
export function createBindings(followSession: FollowSession) {
  return {
    authedSocket: ((url, options) => authedSocketOf(followSession, url, options)) as typeof authedSocket,
    socketEvent,
  };
}
