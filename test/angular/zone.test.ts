// @vitest-environment jsdom
// zone.js apps (zone.js 0.15 with Angular 21, 0.14 with 17.3): the binding's signals and injectSocketEvent's handler
// are set and run inside Angular's zone, so views update even when the core calls back from outside it (a service
// first injected outside the zone; native async/await, which zone.js cannot follow, in the core).
import "zone.js";
import "@angular/compiler";
import { ChangeDetectionStrategy, Component, Injectable, NgZone, inject, provideZoneChangeDetection } from "@angular/core";
import { afterEach, describe, expect, it } from "vitest";
import { handleSessionEvent } from "supertokens-socket";
import { injectAuthedSocket, injectSocketEvent } from "supertokens-socket/angular";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { serverSockets, sessionOptions } from "../react/support";
import { destroyAll, mount, startApp } from "./support";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
}

const fx = useFixture({ seed: true });
afterEach(async () => {
  destroyAll();
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

const zoneApp = () => startApp([provideZoneChangeDetection({ eventCoalescing: true })]);

describe("in a zone.js app", () => {
  it("runs on zone.js: Angular's NgZone is a real zone", async () => {
    const app = await zoneApp();
    expect(app.injector.get(NgZone)).toBeInstanceOf(NgZone);
    expect(typeof Zone).toBe("function");
    expect(NgZone.isInAngularZone()).toBe(false);
  });

  it("a root service first injected OUTSIDE Angular's zone still updates an OnPush view (signals) and a Default one (a plain field set by injectSocketEvent)", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ivy");
    const ChatSocket = Injectable({ providedIn: "root" })(
      class ChatSocket {
        readonly chat = injectAuthedSocket<ServerToClient>(fx.seed.url, sessionOptions(session));
      },
    );
    const Status = Component({
      selector: "app-status",
      standalone: true,
      changeDetection: ChangeDetectionStrategy.OnPush,
      template: `<b>{{ chat.status() }}</b>`,
    })(
      class Status {
        readonly chat = inject(ChatSocket).chat;
      },
    );
    // Default change detection, no signal: only a change detection after the handler (in the zone) shows the text.
    const Messages = Component({ selector: "app-messages", standalone: true, template: `<i>{{ messages.join(",") }}</i>` })(
      class Messages {
        messages: string[] = [];
        constructor() {
          injectSocketEvent(inject(ChatSocket).chat.socket, "chat", ({ text }) => void this.messages.push(text));
        }
      },
    );
    const app = await zoneApp();
    const zone = app.injector.get(NgZone);
    zone.runOutsideAngular(() => app.injector.get(ChatSocket));
    const [status, messages] = zone.run(() => [mount(app, Status), mount(app, Messages)]);
    expect(status.text()).toBe("connecting");
    await until(() => status.text() === "connected", "the OnPush view to show connected");
    fx.seed.io.emit("chat", { from: "server", text: "hello" });
    await until(() => messages.text() === "hello", "the Default view to show the message");

    session.signOut();
    // Called from outside the zone, as a SuperTokens callback may be.
    zone.runOutsideAngular(() => handleSessionEvent({ action: "SIGN_OUT" }));
    await until(() => status.text() === "unauthenticated", "the OnPush view to show unauthenticated");
  });

  it("a service in a component's providers: ONE connection for the components below it, closed with that component", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("jo");
    const RoomSocket = Injectable()(
      class RoomSocket {
        readonly chat = injectAuthedSocket(fx.seed.url, sessionOptions(session));
      },
    );
    const Child = Component({ selector: "app-child", standalone: true, template: `<p>{{ chat.status() }}</p>` })(
      class Child {
        readonly chat = inject(RoomSocket).chat;
      },
    );
    const Room = Component({
      selector: "app-room",
      standalone: true,
      imports: [Child],
      providers: [RoomSocket],
      template: `<app-child /><app-child />`,
    })(class Room {});
    const app = await zoneApp();
    const room = app.injector.get(NgZone).run(() => mount(app, Room));
    const statuses = () => [...room.element.querySelectorAll("p")].map((p) => p.textContent);
    await until(() => statuses().join() === "connected,connected", "both children connected");
    expect(serverSockets(fx.seed)).toBe(1);
    expect(fx.seed.handshakes).toBeGreaterThan(0);
    room.ref.destroy();
    await until(() => serverSockets(fx.seed) === 0, "closed with the component");
  });
});
