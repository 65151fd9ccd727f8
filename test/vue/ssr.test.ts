// @vitest-environment node
// Server rendering (Nuxt's, or vue/server-renderer's renderToString) runs setup(): useAuthedSocket, provide/inject
// and useSocketEvent run there. On a server they must follow nothing: no handshake, no browser global, no throw.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSSRApp, defineComponent, h, type Component } from "vue";
import { renderToString } from "vue/server-renderer";
import { followSession } from "supertokens-socket";
import { injectAuthedSocket, provideAuthedSocket, useAuthedSocket, useSocketEvent, type UseAuthedSocketOptions } from "supertokens-socket/vue";
import { startStack, type Stack } from "../../demo/stack";
import { browserSignals } from "../../src/platform/browserSignals";
import { signInForTokens } from "../stack/support/signInForTokens";
import { until } from "../support/wait";
import { compileExample } from "./support";

/** A user's own component: the composable with options, its refs rendered, an event followed. */
const Badge = defineComponent({
  props: { url: { type: String, required: true }, options: { type: Object, required: true } },
  setup(props) {
    const chat = useAuthedSocket(() => props.url, () => props.options as UseAuthedSocketOptions);
    useSocketEvent(chat.socket, "chat", () => {});
    return () => h("p", { "data-status": chat.status.value }, `${chat.status.value}|${chat.socket.value === undefined}`);
  },
});
const Reader = defineComponent({
  setup() {
    const { status } = injectAuthedSocket();
    return () => h("i", { "data-status": status.value });
  },
});
const Provider = defineComponent({
  props: { url: { type: String, required: true }, options: { type: Object, required: true } },
  setup(props) {
    provideAuthedSocket(props.url, props.options as UseAuthedSocketOptions);
    return () => h("div", [h(Reader), h(Reader)]);
  },
});

/**
 * Browser globals: each read while trapped is noted (the value is the real one, if the runtime has it). `window` is
 * left out: the composable's own `typeof window` is how it knows it is on a server. `fetch` too: the stack's backend
 * runs in this process and may use it; a connection would show in the handshakes anyway.
 */
const BROWSER_GLOBALS = ["document", "location", "localStorage", "sessionStorage", "navigator", "BroadcastChannel", "XMLHttpRequest", "WebSocket", "addEventListener"];
function trapGlobals() {
  const touched: string[] = [];
  const saved = BROWSER_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name, descriptor] of saved) {
    const value = descriptor && ("value" in descriptor ? descriptor.value : descriptor.get?.call(globalThis));
    Object.defineProperty(globalThis, name, { configurable: true, get: () => (touched.push(name), value) });
  }
  const restore = () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  };
  return { touched, restore };
}

let stack: Stack;
let handshakes = 0;
let example: Record<string, Component>;
beforeAll(async () => {
  stack = await startStack({ socketPort: 0, tokenTransferMethod: "header" });
  stack.io.engine.on("connection", () => handshakes++);
  stack.io.engine.on("connection_error", () => handshakes++);
  example = await compileExample("Panel.vue", "ChatPanel.vue", "ChatRoute.vue", "InjectedPanel.vue", "SharedRoute.vue", "KeptRoute.vue");
}, 60_000);
afterAll(() => stack?.close());

describe("server rendering with vue/server-renderer", () => {
  it("renders the example's routes and a user's components with a live session: 'connecting' (or 'idle'), no handshake, no browser global, nothing thrown", async () => {
    expect(typeof window).toBe("undefined");
    expect(typeof document).toBe("undefined");
    const { accessToken } = await signInForTokens(stack.apiDomain, "vue-ssr");
    let reads = 0;
    const options: UseAuthedSocketOptions = {
      getAccessToken: async () => (reads++, accessToken),
      attemptRefreshingSession: async () => true,
      doesSessionExist: async () => true,
    };
    const signals = browserSignals.listenerCount();
    const render = (component: Component, props: Record<string, unknown>) => renderToString(createSSRApp(component, props));

    const trap = trapGlobals();
    let bodies: string[];
    try {
      bodies = [
        await render(example["ChatRoute.vue"]!, { socketUrl: stack.socketUrl }),
        await render(example["SharedRoute.vue"]!, { socketUrl: stack.socketUrl }),
        await render(example["KeptRoute.vue"]!, { socketUrl: stack.socketUrl }),
        await render(Badge, { url: stack.socketUrl, options }),
        await render(Badge, { url: stack.socketUrl, options: { ...options, enabled: false } }),
        await render(Provider, { url: stack.socketUrl, options }),
      ];
      // Whatever a start would do begins a microtask later: let it run, still trapped.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    } finally {
      trap.restore();
    }
    expect(trap.touched).toEqual([]);

    const statuses = (body: string) => [...body.matchAll(/data-status="(\w+)"/g)].map((m) => m[1]);
    expect(statuses(bodies[0]!)).toEqual(["connecting"]);
    expect(bodies[0]).toMatch(/data-testid="sockets"[^>]*>0</);
    expect(statuses(bodies[1]!)).toEqual(["connecting", "connecting"]);
    expect(statuses(bodies[2]!)).toEqual(["connecting"]);
    expect(bodies[3]).toContain(">connecting|true</p>");
    expect(bodies[4]).toContain(">idle|true</p>");
    expect(statuses(bodies[5]!)).toEqual(["connecting", "connecting"]);
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
