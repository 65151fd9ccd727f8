import * as Session from "supertokens-web-js/recipe/session/index.js";
import { errors } from "./errors";

/**
 * supertokens-web-js's session functions, looked up when called (never at import: the app's `SuperTokens.init`
 * fills the SDK's singleton later, and a script-tag page may load the SDK after this package).
 */
function sdk(): typeof Session {
  if (typeof Session?.getAccessToken !== "function") {
    throw errors.invalidOptions(
      "supertokens-web-js is not loaded: load its session recipe, or pass getAccessToken and attemptRefreshingSession.",
    );
  }
  return Session;
}

export const defaultSession = {
  getAccessToken: () => sdk().getAccessToken(),
  attemptRefreshingSession: () => sdk().attemptRefreshingSession(),
  doesSessionExist: () => sdk().doesSessionExist(),
  getAccessTokenPayload: (): Promise<Record<string, unknown>> => sdk().getAccessTokenPayloadSecurely(),
};
