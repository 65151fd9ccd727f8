// The panel's markup, by the page contract of test/browser/support/frameworkScenarios.ts. OnPush: it is checked when
// a signal it reads changes (zoneless, as here, or with zone.js).
import { ChangeDetectionStrategy, Component, computed, input, signal } from "@angular/core";
import type { Socket } from "socket.io-client";
import { injectSocketEvent, type InjectAuthedSocketReturn } from "supertokens-socket/angular";
import type { ClientToServer, ServerToClient } from "../../shared/backend";

@Component({
  selector: "app-panel",
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section data-testid="panel">
      <span class="badge" data-testid="status" [attr.data-status]="chat().status()">{{ chat().status() }}</span>
      <span data-testid="socket-id">{{ chat().status() === "connected" ? (chat().socket()?.id ?? "") : "" }}</span>
      <span data-testid="sockets">{{ sockets() }}</span>
      <ul data-testid="messages">
        @for (message of messages(); track $index) {
          <li>{{ message }}</li>
        }
      </ul>
    </section>
  `,
})
export class Panel {
  readonly chat = input.required<InjectAuthedSocketReturn<ServerToClient, ClientToServer>>();
  readonly messages = signal<string[]>([]);
  private readonly seen = new Set<Socket>();
  /** How many distinct Sockets this panel has held. */
  readonly sockets = computed(() => {
    const socket = this.chat().socket();
    if (socket) this.seen.add(socket);
    return this.seen.size;
  });

  constructor() {
    // The input's socket, followed: read when Angular runs the effect, after the input is set.
    const socket = computed(() => this.chat().socket());
    injectSocketEvent(socket, "chat", ({ from, text }) => this.messages.update((all) => [...all, `${from}: ${text}`]));
  }
}
