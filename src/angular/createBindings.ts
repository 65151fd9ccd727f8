import type { FollowSession } from "supertokens-socket";
import { injectAuthedSocket, injectAuthedSocketOf } from "./injectAuthedSocket";
import { injectSocketEvent } from "./injectSocketEvent";

/**
 * The Angular binding over another entry's `followSession`, so that the app bundles only the SDK it uses: the same
 * functions as this module's own, which follow `supertokens-socket` (supertokens-web-js).
 *
 * @example
 * import { followSession } from "supertokens-socket/website";
 * export const { injectAuthedSocket, injectSocketEvent } = createBindings(followSession);
 */
export function createBindings(followSession: FollowSession) {
  const bound = ((url, options) => injectAuthedSocketOf(followSession, url, options, bound)) as typeof injectAuthedSocket;
  // The name Angular's error shows outside an injection context.
  Object.defineProperty(bound, "name", { value: "injectAuthedSocket" });
  return { injectAuthedSocket: bound, injectSocketEvent };
}
