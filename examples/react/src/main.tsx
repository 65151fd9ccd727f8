import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import SuperTokens from "supertokens-web-js";
import Session from "supertokens-web-js/recipe/session";
import { handlePreAPIHook, handleSessionEvent } from "supertokens-socket";
import { App } from "./App";
import { apiDomain } from "../../shared/backend";

SuperTokens.init({
  appInfo: { appName: "supertokens-socket React example", apiDomain, apiBasePath: "/auth" },
  recipeList: [
    // handleSessionEvent tells every live socket (and the other tabs) about sign-in, sign-out and refreshes;
    // handlePreAPIHook ends them as a sign-out starts.
    Session.init({ tokenTransferMethod: "header", onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook }),
  ],
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
