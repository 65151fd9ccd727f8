import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import SuperTokens, { SuperTokensWrapper } from "supertokens-auth-react";
import Session from "supertokens-auth-react/recipe/session";
import { handlePreAPIHook, handleSessionEvent } from "supertokens-socket";
import { App } from "./App";
import { apiDomain } from "../../shared/backend";

// As supertokens-auth-react's docs set it up, plus its session events and its sign-out reaching every live socket.
SuperTokens.init({
  appInfo: {
    appName: "supertokens-socket auth-react example",
    apiDomain,
    websiteDomain: window.location.origin,
    apiBasePath: "/auth",
    websiteBasePath: "/auth",
  },
  recipeList: [Session.init({ onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook })],
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <SuperTokensWrapper>
      <App />
    </SuperTokensWrapper>
  </StrictMode>,
);
