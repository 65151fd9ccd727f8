import * as Session from "supertokens-web-js/recipe/session/index.js";
import { DEV } from "../core/dev";
import { sdkSession } from "./SessionFunctions";

/** supertokens-web-js's session recipe: the defaults of the `supertokens-socket` entry. */
export const webJsSession = sdkSession({
  sdk: Session,
  names: ["getAccessToken", "attemptRefreshingSession", "doesSessionExist", "getAccessTokenPayloadSecurely"],
  notLoaded: DEV
    ? "supertokens-web-js not loaded: load its session recipe or pass getAccessToken and attemptRefreshingSession."
    : 'supertokens-web-js not loaded: see README "Errors".',
  // The SDK's words for a setup mistake: SuperTokens.init not called, Session.init missing, or a second copy.
  notSetUp: /No instance of Session|must be initialized/,
  setUp: DEV
    ? "supertokens-web-js not set up: call SuperTokens.init({ recipeList: [Session.init()] }) first (two copies? npm ls supertokens-web-js)."
    : 'supertokens-web-js not set up: see README "Errors".',
});
