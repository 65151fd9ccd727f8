import * as Session from "supertokens-web-js/recipe/session/index.js";
import { errors } from "./errors";

const NOT_INITIALISED =
  "supertokens-web-js is not initialised where this package reads it: call SuperTokens.init({ recipeList: [Session.init()] }) " +
  "first; if the app does, it has two copies (`npm ls supertokens-web-js`).";

/** The SDK's words for a setup mistake: SuperTokens.init not called, Session.init missing, or a second copy. */
const SETUP_MISTAKE = /No instance of Session|must be initialized/;

/**
 * Calls a session function of supertokens-web-js, looked up when called (never at import: the app's `SuperTokens.init`
 * fills the SDK's singleton later, and a script-tag page may load the SDK after this package). A setup mistake, thrown
 * at once or as a rejection, becomes INVALID_OPTIONS naming the fix: it is not an outage, and no retry can cure it.
 */
async function call<T>(use: (session: typeof Session) => Promise<T>): Promise<T> {
  if (typeof Session?.getAccessToken !== "function") {
    throw errors.invalidOptions(
      "supertokens-web-js is not loaded: load its session recipe, or pass getAccessToken and attemptRefreshingSession.",
    );
  }
  try {
    return await use(Session);
  } catch (cause) {
    if (cause instanceof Error && SETUP_MISTAKE.test(cause.message)) throw errors.invalidOptions(NOT_INITIALISED, cause);
    throw cause;
  }
}

export const defaultSession = {
  getAccessToken: () => call((s) => s.getAccessToken()),
  attemptRefreshingSession: () => call((s) => s.attemptRefreshingSession()),
  doesSessionExist: () => call((s) => s.doesSessionExist()),
  getAccessTokenPayload: () => call((s): Promise<Record<string, unknown>> => s.getAccessTokenPayloadSecurely()),
};
