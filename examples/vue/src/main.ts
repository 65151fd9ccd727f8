// The browser entry: SuperTokens' frontend SDK with the package's two hooks, then the app. Only here (and in App.vue,
// through examples/shared/backend) is `window` read, so the routes also render on a server.
import { createApp } from "vue";
import SuperTokens from "supertokens-web-js";
import Session from "supertokens-web-js/recipe/session";
import { handlePreAPIHook, handleSessionEvent } from "supertokens-socket";
import { apiDomain, socketUrl } from "../../shared/backend";
import App from "./App.vue";

SuperTokens.init({
  appInfo: { appName: "supertokens-socket Vue example", apiDomain, apiBasePath: "/auth" },
  recipeList: [Session.init({ tokenTransferMethod: "header", onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook })],
});

createApp(App, { socketUrl }).mount("#root");
