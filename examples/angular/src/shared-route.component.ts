// #/shared: ONE connection for two panels, the Angular way: a service that calls injectAuthedSocket, injected by
// both. Provided here, one instance lives (and its connection with it) as long as this route; provided in the root
// (`@Injectable({ providedIn: "root" })`), it would live as long as the app.
import { Component, Injectable, inject } from "@angular/core";
import { injectAuthedSocket } from "supertokens-socket/angular";
import type { ClientToServer, ServerToClient } from "../../shared/backend";
import { Panel } from "./panel.component";
import { SOCKET_URL } from "./socket-url";

@Injectable()
export class ChatSocket {
  readonly chat = injectAuthedSocket<ServerToClient, ClientToServer>(inject(SOCKET_URL));
}

@Component({
  selector: "app-shared-panel",
  imports: [Panel],
  template: `<app-panel [chat]="chat" />`,
})
export class SharedPanel {
  readonly chat = inject(ChatSocket).chat;
}

@Component({
  selector: "app-shared-route",
  imports: [SharedPanel],
  providers: [ChatSocket],
  template: `<app-shared-panel /><app-shared-panel />`,
})
export class SharedRoute {}
