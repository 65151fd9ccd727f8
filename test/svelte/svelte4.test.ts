// @vitest-environment jsdom
// Svelte 4 (the store contract's other big user): installed by npm into a scratch folder (the repository's own
// devDependency is Svelte 5), its store helpers run against the store, and a Svelte 4 component compiled by Svelte 4's
// own compiler reads it with `$chat`, in the DOM (mount, $destroy) and in its server renderer.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { authedSocket } from "supertokens-socket/svelte";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";
import { ROOT } from "./support";

const BADGE = `<script>
  import { authedSocket } from "supertokens-socket/svelte";
  export let url;
  export let options;
  const chat = authedSocket(url, options);
</script>
<p data-status={$chat.status}>{$chat.socket ? $chat.socket.id : ""}</p>`;

interface Store<T> {
  subscribe(run: (value: T) => void): () => void;
}
interface SvelteStore {
  get<T>(store: Store<T>): T;
  derived<T, U>(store: Store<T>, fn: (value: T) => U): Store<U>;
}
type DomComponent = new (options: { target: Element; props: Record<string, unknown> }) => { $destroy(): void };
type SsrComponent = { render(props: Record<string, unknown>): { html: string } };

const fx = useFixture({ seed: true });
let dir: string;
let version: string;
let store: SvelteStore;
let Dom: DomComponent;
let Ssr: SsrComponent;

beforeAll(async () => {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  dir = mkdtempSync(join(ROOT, ".tmp", "svelte4-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module", dependencies: { svelte: "^4.2.20" } }));
  // As scripts/packed.mjs installs (from npm's cache where it can): that module cannot load in jsdom's scope.
  const npm = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, encoding: "utf8" });
  if (npm.status !== 0) throw new Error(`npm install svelte@4 failed:\n${npm.stdout}\n${npm.stderr}`);
  const svelte = join(dir, "node_modules/svelte");
  version = (JSON.parse(readFileSync(join(svelte, "package.json"), "utf8")) as { version: string }).version;
  const load = (file: string) => import(/* @vite-ignore */ pathToFileURL(join(dir, file)).href);
  const { compile } = (await load("node_modules/svelte/src/compiler/index.js")) as {
    compile(source: string, options: Record<string, unknown>): { js: { code: string } };
  };
  // The compiled components import "svelte/internal": written into the scratch folder, they get Svelte 4's.
  for (const generate of ["dom", "ssr"]) {
    writeFileSync(join(dir, `Badge.${generate}.js`), compile(BADGE, { generate, dev: true, filename: "Badge.svelte" }).js.code);
  }
  writeFileSync(join(dir, "store.js"), `export * from "svelte/store";`);
  store = (await load("store.js")) as SvelteStore;
  Dom = ((await load("Badge.dom.js")) as { default: DomComponent }).default;
  Ssr = ((await load("Badge.ssr.js")) as { default: SsrComponent }).default;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function signedIn(name: string) {
  const session = fakeSession(fx.issuer);
  await session.signIn(name);
  return session;
}

describe("Svelte 4", () => {
  it("is Svelte 4 from the scratch install", () => {
    expect(version).toMatch(/^4\./);
  });

  it("its get() opens nothing; its derived() connects through the store and closes with its last subscriber", async () => {
    const session = await signedIn("svelte4-store");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    const chat = authedSocket(fx.seed.url, { ...sessionOptions(session), io: counter.io });
    expect(store.get(chat).status).toBe("connecting");
    const status = store.derived(chat, (value) => value.status);
    const seen: string[] = [];
    const off = status.subscribe((s) => void seen.push(s));
    await until(() => seen.at(-1) === "connected", "connected");
    expect(counter.created).toHaveLength(1);
    expect(store.get(chat).socket).toBe(counter.created[0]);
    off();
    expect(counter.created[0]!.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 0, "the server to see it go");
    expect(browserSignals.listenerCount()).toBe(signals);
  });

  it("a component compiled by Svelte 4 reads it with $chat: connects on mount, closes on $destroy", async () => {
    const session = await signedIn("svelte4-dom");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    const target = document.body.appendChild(document.createElement("div"));
    const badge = new Dom({ target, props: { url: fx.seed.url, options: { ...sessionOptions(session), io: counter.io } } });
    const p = () => target.querySelector("p")!;
    expect(p().getAttribute("data-status")).toBe("connecting");
    await until(() => p().getAttribute("data-status") === "connected", "connected");
    expect(p().textContent).toBe(counter.created[0]!.id);
    badge.$destroy();
    expect(counter.created[0]!.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 0, "the server to see it go");
    expect(browserSignals.listenerCount()).toBe(signals);
    expect(counter.created).toHaveLength(1);
  });

  it("its server renderer (where there is no window) renders 'connecting' and opens nothing", async () => {
    const session = await signedIn("svelte4-ssr");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    let reads = 0;
    const getAccessToken = () => (reads++, session.getAccessToken());
    vi.stubGlobal("window", undefined);
    try {
      const { html } = Ssr.render({ url: fx.seed.url, options: { ...sessionOptions(session), getAccessToken, io: counter.io } });
      expect(html).toBe('<p data-status="connecting"></p>');
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    } finally {
      vi.unstubAllGlobals();
    }
    expect(reads).toBe(0);
    expect(counter.created).toHaveLength(0);
    expect(browserSignals.listenerCount()).toBe(signals);
  });
});
