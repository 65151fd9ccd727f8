// The browser entry: SuperTokens' frontend SDK with the package's two hooks, then the app, zoneless (no zone.js).
import { provideZonelessChangeDetection } from "@angular/core";
import { bootstrapApplication } from "@angular/platform-browser";
import SuperTokens from "supertokens-web-js";
import Session from "supertokens-web-js/recipe/session";
import { handlePreAPIHook, handleSessionEvent } from "supertokens-socket";
import { apiDomain, socketUrl } from "../../shared/backend";
import { App } from "./app.component";
import { SOCKET_URL } from "./socket-url";

SuperTokens.init({
  appInfo: { appName: "supertokens-socket Angular example", apiDomain, apiBasePath: "/auth" },
  recipeList: [Session.init({ tokenTransferMethod: "header", onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook })],
});

bootstrapApplication(App, {
  providers: [provideZonelessChangeDetection(), { provide: SOCKET_URL, useValue: socketUrl }],
}).catch((error: unknown) => console.error(error));
