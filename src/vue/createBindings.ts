import type { FollowSession } from "supertokens-socket";
import { injectAuthedSocket, provideAuthedSocket, provideAuthedSocketOf } from "./provide";
import { useAuthedSocket, useAuthedSocketOf } from "./useAuthedSocket";
import { useSocketEvent } from "./useSocketEvent";

/**
 * The Vue binding over another entry's `followSession`, so that the app bundles only the SDK it uses: the same
 * composables as this module's own, which follow `supertokens-socket` (supertokens-web-js).
 *
 * @example
 * import { followSession } from "supertokens-socket/website";
 * export const { useAuthedSocket, provideAuthedSocket, injectAuthedSocket, useSocketEvent } = createBindings(followSession);
 */
export function createBindings(followSession: FollowSession) {
  return {
    useAuthedSocket: ((url, options) => useAuthedSocketOf(followSession, url, options)) as typeof useAuthedSocket,
    provideAuthedSocket: ((url, options) => provideAuthedSocketOf(followSession, url, options)) as typeof provideAuthedSocket,
    injectAuthedSocket,
    useSocketEvent,
  };
}
