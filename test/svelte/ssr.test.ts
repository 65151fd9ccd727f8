// @vitest-environment node
// SvelteKit-style server rendering: svelte/server's render() SUBSCRIBES to `$chat` (so the store starts) and
// unsubscribes at the end. On a server the store must follow nothing: no handshake, no browser global, no throw.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { render } from "svelte/server";
import { followSession } from "supertokens-socket";
import type { AuthedSocketStoreOptions } from "supertokens-socket/svelte";
import { startStack, type Stack } from "../../demo/stack";
import { browserSignals } from "../../src/platform/browserSignals";
import { signInForTokens } from "../stack/support/signInForTokens";
import { until } from "../support/wait";
import { compileSvelte, exampleSources } from "./support";

// Compiled at run time: typed as a component taking any props.
type Component = import("svelte").Component<Record<string, unknown>>;

// A component of a user's own: the store with options, read with `$chat`, with runes (`fromStore`) and followed by
// socketEvent in `$effect` (which the server build drops).
const BADGE = `<script>
  import { fromStore } from "svelte/store";
  import { authedSocket, socketEvent } from "supertokens-socket/svelte";
  let { url, options } = $props();
  // svelte-ignore state_referenced_locally: one connection per mount, on the props it was mounted with
  const chat = authedSocket(url, options);
  const runes = fromStore(chat);
  $effect(() => socketEvent(chat, "chat", () => {}));
</script>
<p data-status={$chat.status}>{$chat.status}|{runes.current.status}|{$chat.socket === undefined}</p>`;

/**
 * Browser globals: each read while trapped is noted (the value is the real one, if the runtime has it). `window` is
 * left out: the store's own `typeof window` is how it knows it is on a server. `fetch` too: the stack's backend runs
 * in this process and may use it; a connection would show in the handshakes anyway.
 */
const BROWSER_GLOBALS = ["document", "location", "localStorage", "sessionStorage", "navigator", "BroadcastChannel", "XMLHttpRequest", "WebSocket", "addEventListener"];
function trapGlobals() {
  const touched: string[] = [];
  const saved = BROWSER_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name, descriptor] of saved) {
    const value = descriptor && ("value" in descriptor ? descriptor.value : descriptor.get?.call(globalThis));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get: () => (touched.push(name), value),
    });
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
let components: Record<string, { default: unknown }>;
beforeAll(async () => {
  stack = await startStack({ socketPort: 0, tokenTransferMethod: "header" });
  stack.io.engine.on("connection", () => handshakes++);
  stack.io.engine.on("connection_error", () => handshakes++);
  components = await compileSvelte(
    {
      ...exampleSources("ChatRoute.svelte", "SharedRoute.svelte", "StorePanel.svelte", "RunesPanel.svelte", "Panel.svelte"),
      "Badge.svelte": BADGE,
    },
    "server",
  );
}, 60_000);
afterAll(() => stack?.close());

describe("server rendering with svelte/server", () => {
  it("renders the example's routes and a user's component with a live session: 'connecting' (or 'idle'), no handshake, no browser global, nothing thrown", async () => {
    expect(typeof window).toBe("undefined");
    expect(typeof document).toBe("undefined");
    const { accessToken } = await signInForTokens(stack.apiDomain, "svelte-ssr");
    let reads = 0;
    const options: AuthedSocketStoreOptions = {
      getAccessToken: async () => (reads++, accessToken),
      attemptRefreshingSession: async () => true,
      doesSessionExist: async () => true,
    };
    const signals = browserSignals.listenerCount();
    const component = (name: string) => components[name]!.default as Component;

    const trap = trapGlobals();
    let bodies: string[];
    try {
      bodies = [
        render(component("ChatRoute.svelte"), { props: { socketUrl: stack.socketUrl } }).body,
        render(component("SharedRoute.svelte"), { props: { socketUrl: stack.socketUrl } }).body,
        render(component("Badge.svelte"), { props: { url: stack.socketUrl, options } }).body,
        render(component("Badge.svelte"), { props: { url: stack.socketUrl, options: { ...options, enabled: false } } }).body,
      ];
      // Whatever a start would do begins a microtask later: let it run, still trapped.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    } finally {
      trap.restore();
    }
    expect(trap.touched).toEqual([]);

    const statuses = (body: string) => [...body.matchAll(/data-status="(\w+)"/g)].map((m) => m[1]);
    expect(statuses(bodies[0]!)).toEqual(["connecting"]);
    expect(statuses(bodies[1]!)).toEqual(["connecting", "connecting"]);
    expect(bodies[0]).toMatch(/data-testid="sockets"[^>]*>0</);
    expect(bodies[2]).toContain(">connecting|connecting|true</p>");
    expect(bodies[3]).toContain(">idle|idle|true</p>");
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
