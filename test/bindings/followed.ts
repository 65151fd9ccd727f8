import type { FollowSession } from "supertokens-socket";
import { followSession } from "supertokens-socket/website";

/**
 * The website entry's followSession, recording each url it is asked to follow: what a binding's createBindings is
 * given in the tests that prove the binding follows the function it was given (and not its own default).
 */
export function recordingFollow(): { follow: FollowSession; followed: string[] } {
  const followed: string[] = [];
  const follow: FollowSession = (url, options) => {
    followed.push(url);
    return followSession(url, options);
  };
  return { follow, followed };
}
