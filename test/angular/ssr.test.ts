// @vitest-environment node
// Server rendering with @angular/platform-server's renderApplication (what @angular/ssr runs), in plain Node with
// zone.js (its main build: vitest.oldest.config.ts aliases zone.js to a folder, where the subpath zone.js/node that
// a server build loads would not resolve): PLATFORM_ID is "server", so the binding follows nothing. No handshake, no
// read of a browser global by the package's code, nothing thrown.
import "zone.js";
import "@angular/compiler";
import { ChangeDetectionStrategy, Component, Injectable, inject } from "@angular/core";
import { bootstrapApplication } from "@angular/platform-browser";
import { provideServerRendering, renderApplication } from "@angular/platform-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followSession } from "supertokens-socket";
import { injectAuthedSocket, injectSocketEvent, type InjectAuthedSocketOptions } from "supertokens-socket/angular";
import { startStack, type Stack } from "../../demo/stack";
import { browserSignals } from "../../src/platform/browserSignals";
import { signInForTokens } from "../stack/support/signInForTokens";
import { until } from "../support/wait";

/** Browser globals whose reads are noted with the reader's stack (Angular's own reads are not the package's). */
const BROWSER_GLOBALS = ["window", "document", "location", "localStorage", "sessionStorage", "navigator", "BroadcastChannel", "XMLHttpRequest", "WebSocket", "addEventListener"];
function trapGlobals() {
  const touched: { name: string; stack: string }[] = [];
  const saved = BROWSER_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name, descriptor] of saved) {
    const value = descriptor && ("value" in descriptor ? descriptor.value : descriptor.get?.call(globalThis));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get: () => (touched.push({ name, stack: new Error().stack ?? "" }), value),
    });
  }
  const restore = () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  };
  // Reads made from this repository's src/ (the binding or the core), not from Angular or Node.
  const ours = () => touched.filter((t) => /\/src\/[\w/]+\.ts/.test(t.stack.split("\n").slice(2, 3).join()));
  return { touched, ours, restore };
}

let stack: Stack;
let handshakes = 0;
beforeAll(async () => {
  stack = await startStack({ socketPort: 0, tokenTransferMethod: "header" });
  stack.io.engine.on("connection", () => handshakes++);
  stack.io.engine.on("connection_error", () => handshakes++);
}, 60_000);
afterAll(() => stack?.close());

describe("server rendering with renderApplication", () => {
  it("renders components and a root service with a live session: 'connecting' (or 'idle'), no handshake, no browser global, nothing thrown", async () => {
    const { accessToken } = await signInForTokens(stack.apiDomain, "angular-ssr");
    let reads = 0;
    const options: InjectAuthedSocketOptions = {
      getAccessToken: async () => (reads++, accessToken),
      attemptRefreshingSession: async () => true,
      doesSessionExist: async () => true,
    };
    const ChatSocket = Injectable({ providedIn: "root" })(
      class ChatSocket {
        readonly chat = injectAuthedSocket(stack.socketUrl, options);
      },
    );
    const App = Component({
      selector: "app-root",
      standalone: true,
      changeDetection: ChangeDetectionStrategy.OnPush,
      template: `<p [attr.data-status]="own.status()">{{ own.status() }}|{{ own.socket() === undefined }}</p>
        <p [attr.data-status]="shared.status()">{{ shared.status() }}</p>
        <p [attr.data-status]="off.status()">{{ off.status() }}</p>`,
    })(
      class App {
        readonly own = injectAuthedSocket(stack.socketUrl, options);
        readonly shared = inject(ChatSocket).chat;
        readonly off = injectAuthedSocket(stack.socketUrl, { ...options, enabled: false });
        constructor() {
          injectSocketEvent(this.own.socket, "chat", () => {});
        }
      },
    );
    const signals = browserSignals.listenerCount();

    const trap = trapGlobals();
    let html: string;
    try {
      html = await renderApplication(
        (context) => bootstrapApplication(App, { providers: [provideServerRendering()] }, context),
        { document: "<html><head></head><body><app-root></app-root></body></html>", url: "/" },
      );
      // Whatever a start would do begins a microtask later: let it run, still trapped.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    } finally {
      trap.restore();
    }
    expect(trap.ours()).toEqual([]);
    const statuses = [...html.matchAll(/data-status="(\w+)"/g)].map((m) => m[1]);
    expect(statuses).toEqual(["connecting", "connecting", "idle"]);
    expect(html).toContain(">connecting|true</p>");
    expect(reads).toBe(0);
    expect(browserSignals.listenerCount()).toBe(signals);
    expect(handshakes).toBe(0);

    // The control: the same token and url, followed directly by the core in this process, do reach the server.
    const follower = followSession(stack.socketUrl, options);
    try {
      await until(() => follower.getSnapshot().status === "connected", "the control connection");
      expect(handshakes).toBe(1);
    } finally {
      follower.close();
    }
  });
});
