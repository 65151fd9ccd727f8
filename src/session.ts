import * as Session from "supertokens-web-js/recipe/session/index.js";
import { errors } from "./errors";

type Name = "getAccessToken" | "attemptRefreshingSession" | "doesSessionExist" | "getAccessTokenPayloadSecurely";

/**
 * A session function of supertokens-web-js, looked up when called (never at import: the app's `SuperTokens.init`
 * fills the SDK's singleton later, and a script-tag page may load the SDK after this package). A setup mistake, thrown
 * at once or as a rejection, becomes INVALID_OPTIONS naming the fix: it is not an outage, and no retry can cure it.
 * Any other error passes through as it is.
 */
const call =
  <N extends Name>(name: N) =>
  async (): Promise<Awaited<ReturnType<(typeof Session)[N]>>> => {
    if (typeof Session?.[name] !== "function") {
      throw errors.invalidOptions("supertokens-web-js not loaded: load its session recipe or pass getAccessToken and attemptRefreshingSession.");
    }
    try {
      return await Session[name]();
    } catch (cause) {
      // The SDK's words for a setup mistake: SuperTokens.init not called, Session.init missing, or a second copy.
      if (cause instanceof Error && /No instance of Session|must be initialized/.test(cause.message)) {
        throw errors.invalidOptions(
          "supertokens-web-js not set up: call SuperTokens.init({ recipeList: [Session.init()] }) first (two copies? npm ls supertokens-web-js).",
          cause,
        );
      }
      throw cause;
    }
  };

export const defaultSession = {
  getAccessToken: call("getAccessToken"),
  attemptRefreshingSession: call("attemptRefreshingSession"),
  doesSessionExist: call("doesSessionExist"),
  getAccessTokenPayload: call("getAccessTokenPayloadSecurely") as () => Promise<Record<string, unknown>>,
};
