import * as Website from "supertokens-website";
import { DEV } from "../core/dev";
import { sdkSession } from "./SessionFunctions";

/** supertokens-website's functions: the defaults of the `supertokens-socket/website` entry. */
export const websiteSession = sdkSession({
  sdk: Website as unknown as Record<string, unknown>,
  names: ["getAccessToken", "attemptRefreshingSession", "doesSessionExist", "getAccessTokenPayloadSecurely"],
  notLoaded: DEV
    ? "supertokens-website not loaded: install it, or pass getAccessToken and attemptRefreshingSession."
    : 'supertokens-website not loaded: see README "Errors".',
  // The SDK's words when SuperTokens.init was not called (or a second copy was).
  notSetUp: /init function not called/,
  setUp: DEV
    ? "supertokens-website not set up: call SuperTokens.init({ apiDomain }) first (two copies? npm ls supertokens-website)."
    : 'supertokens-website not set up: see README "Errors".',
});
