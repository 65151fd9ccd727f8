// The browser entry: SuperTokens' frontend SDK with the package's two hooks, then the app. Only here is `window`
// read (examples/shared/backend reads ?apiDomain= and ?socketUrl=), so every component also renders on a server.
import { mount } from "svelte";
import SuperTokens from "supertokens-web-js";
import Session from "supertokens-web-js/recipe/session";
import { handlePreAPIHook, handleSessionEvent } from "supertokens-socket";
import { apiDomain, socketUrl } from "../../shared/backend";
import App from "./App.svelte";

SuperTokens.init({
  appInfo: { appName: "supertokens-socket Svelte example", apiDomain, apiBasePath: "/auth" },
  recipeList: [Session.init({ tokenTransferMethod: "header", onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook })],
});

mount(App, { target: document.getElementById("root")!, props: { socketUrl } });
