// #/chat: a connection of its own, made with the component (a field initializer is an injection context), closed
// through its DestroyRef when the component goes (leaving the route, or a Remount).
import { Component, inject } from "@angular/core";
import { injectAuthedSocket } from "supertokens-socket/angular";
import type { ClientToServer, ServerToClient } from "../../shared/backend";
import { Panel } from "./panel.component";
import { SOCKET_URL } from "./socket-url";

@Component({
  selector: "app-chat-route",
  imports: [Panel],
  template: `<app-panel [chat]="chat" />`,
})
export class ChatRoute {
  readonly chat = injectAuthedSocket<ServerToClient, ClientToServer>(inject(SOCKET_URL));
}
