// @vitest-environment jsdom
// Svelte 5's client runtime in jsdom (components compiled by svelte/compiler, see support.ts): `$chat`, runes
// (`fromStore` + `$effect`) and `{#key}` over the store, against the seed server.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileSvelte, ROOT } from "./support";

const OWN = `<script>
  import { authedSocket } from "supertokens-socket/svelte";
  let { url, options } = $props();
  // svelte-ignore state_referenced_locally: one connection per mount, on the props it was mounted with
  const chat = authedSocket(url, options);
</script>
<p class="own" data-status={$chat.status}>{$chat.socket?.id ?? ""}</p>`;

const KEYED = `<script>
  import Own from "./Own.svelte";
  let { url, options } = $props();
  let n = $state(0);
</script>
<button onclick={() => n++}>Remount</button>
{#key n}<Own {url} {options} />{/key}`;

const RUNES = `<script>
  import { fromStore } from "svelte/store";
  import { socketEvent } from "supertokens-socket/svelte";
  let { chat } = $props();
  const connection = $derived(fromStore(chat));
  let messages = $state([]);
  $effect(() => socketEvent(chat, "chat", ({ text }) => messages.push(text)));
</script>
<p class="runes" data-status={connection.current.status}>{messages.join(",")}</p>`;

const SHARED = `<script>
  import { authedSocket, socketEvent } from "supertokens-socket/svelte";
  import { onMount } from "svelte";
  import Runes from "./Runes.svelte";
  let { url, options } = $props();
  // svelte-ignore state_referenced_locally: one connection per mount, on the props it was mounted with
  const chat = authedSocket(url, options);
  let messages = $state([]);
  onMount(() => socketEvent(chat, "chat", ({ text }) => messages.push(text)));
</script>
<p class="store" data-status={$chat.status}>{messages.join(",")}</p>
<Runes {chat} />`;

// Props followed through toStore: a new room reconnects; a re-render with the same room does not.
const FOLLOWS = `<script>
  import { toStore } from "svelte/store";
  import { authedSocket } from "supertokens-socket/svelte";
  let { url, options, room } = $props();
  const chat = authedSocket(toStore(() => url), toStore(() => ({ ...options, query: { room } })));
</script>
<p class="follows" data-status={$chat.status}>{$chat.socket?.id ?? ""}</p>`;

const ROOMS = `<script>
  import Follows from "./Follows.svelte";
  let { url, options } = $props();
  let room = $state("lobby");
  let renders = $state(0);
</script>
<button class="same" onclick={() => { room = "lobby"; renders++; }}>same</button>
<button class="next" onclick={() => (room = "kitchen")}>next</button>
<span class="renders">{renders}</span>
<Follows {url} {options} {room} />`;

interface Svelte {
  mount(component: unknown, options: { target: Element; props: Record<string, unknown> }): Record<string, unknown>;
  unmount(app: Record<string, unknown>): Promise<void>;
  flushSync(): void;
}
let svelte: Svelte;
let components: Record<string, { default: unknown }>;
const fx = useFixture({ seed: true });
const apps: Record<string, unknown>[] = [];

beforeAll(async () => {
  svelte = (await import(/* @vite-ignore */ pathToFileURL(join(ROOT, "node_modules/svelte/src/index-client.js")).href)) as Svelte;
  components = await compileSvelte({ "Own.svelte": OWN, "Keyed.svelte": KEYED, "Runes.svelte": RUNES, "Shared.svelte": SHARED, "Follows.svelte": FOLLOWS, "Rooms.svelte": ROOMS }, "client");
});
afterEach(async () => {
  for (const app of apps.splice(0)) await svelte.unmount(app);
  document.body.innerHTML = "";
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

function mount(name: string, props: Record<string, unknown>) {
  const target = document.body.appendChild(document.createElement("div"));
  const app = svelte.mount(components[name]!.default, { target, props });
  apps.push(app);
  svelte.flushSync();
  return { target, app };
}
const status = (target: Element, selector: string) => target.querySelector(selector)?.getAttribute("data-status");

describe("Svelte 5 components over the store", () => {
  it("{#key} remounts, ten in a row synchronously, leave ONE connection; unmounting leaves none", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("kim");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    const { target, app } = mount("Keyed.svelte", { url: fx.seed.url, options: { ...sessionOptions(session), io: counter.io } });
    expect(status(target, ".own")).toBe("connecting");
    await until(() => status(target, ".own") === "connected", "connected");
    for (let i = 0; i < 10; i++) {
      target.querySelector("button")!.click();
      svelte.flushSync();
    }
    await until(() => status(target, ".own") === "connected", "connected after the remounts");
    await until(() => serverSockets(fx.seed) === 1, "one connection on the server");
    // The remounts in one task: each store closed in the same tick it was made, opening nothing.
    expect(counter.created).toHaveLength(2);
    expect(counter.created.filter((socket) => socket.active)).toHaveLength(1);
    expect(target.querySelector(".own")!.textContent).toBe(counter.created[1]!.id);

    await svelte.unmount(apps.splice(apps.indexOf(app), 1)[0]!);
    expect(counter.created[1]!.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 0, "the server to see it go");
    expect(browserSignals.listenerCount()).toBe(signals);
  });

  it("a $chat reader and a runes reader (fromStore + $effect) of ONE store: one connection, each event once to each", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("lou");
    const counter = countingIo();
    const { target, app } = mount("Shared.svelte", { url: fx.seed.url, options: { ...sessionOptions(session), io: counter.io } });
    await until(() => status(target, ".store") === "connected" && status(target, ".runes") === "connected", "both connected");
    expect(counter.created).toHaveLength(1);
    expect(counter.created[0]!.listeners("chat")).toHaveLength(2);
    fx.seed.io.emit("chat", { from: "server", text: "one" });
    fx.seed.io.emit("chat", { from: "server", text: "two" });
    await until(() => target.querySelector(".runes")!.textContent === "one,two", "the runes reader's messages");
    await until(() => target.querySelector(".store")!.textContent === "one,two", "the $chat reader's messages");

    await svelte.unmount(apps.splice(apps.indexOf(app), 1)[0]!);
    expect(counter.created[0]!.active).toBe(false);
    expect(counter.created[0]!.listeners("chat")).toHaveLength(0);
  });

  it("props followed through toStore: the same values keep the connection, a new room reconnects", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("max");
    const counter = countingIo();
    const { target } = mount("Rooms.svelte", { url: fx.seed.url, options: { ...sessionOptions(session), io: counter.io } });
    await until(() => status(target, ".follows") === "connected", "connected");
    for (let i = 0; i < 3; i++) {
      target.querySelector<HTMLButtonElement>(".same")!.click();
      svelte.flushSync();
    }
    expect(target.querySelector(".renders")!.textContent).toBe("3");
    expect(counter.created).toHaveLength(1);
    expect(counter.created[0]!.active).toBe(true);

    target.querySelector<HTMLButtonElement>(".next")!.click();
    svelte.flushSync();
    await until(() => counter.created.length === 2 && status(target, ".follows") === "connected", "reconnected in the new room");
    expect(counter.created[0]!.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 1, "the server to let the first one go");
    const [serverSocket] = await fx.seed.io.fetchSockets();
    expect(serverSocket!.handshake.query.room).toBe("kitchen");
  });
});
