// @vitest-environment jsdom
// Session signals (src/core/signals.ts's bus on src/platform/browser.ts, as the web entry exports them) on jsdom's window and Node's real BroadcastChannel: the page's cheap moments to
// look again, the other tabs, and what is opened and released when.
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { until } from "../support/wait";

// The web entry's functions (bound to the browser platform), and the bus's listener count.
type Signals = typeof import("../../src/index") & typeof import("../../src/platform/browserSignals");

const Real = globalThis.BroadcastChannel;
/** The channels the module opened, which of them it closed, and what it posted. */
const opened: BroadcastChannel[] = [];
const closed = new Set<BroadcastChannel>();
const posted: unknown[] = [];
/** The window and document listeners the module holds now, and how often it added or removed one. */
const live = new Set<string>();
let touches = 0;
let visibility: DocumentVisibilityState = "visible";
/** A fresh copy of the module for each test: its listeners and channel are module state. */
let signals: Signals;

/** The methods replaced for a test (vitest's jsdom environment copies them onto globalThis as own properties). */
const replaced: [object, string, PropertyDescriptor | undefined][] = [];

beforeEach(async () => {
  vi.resetModules();
  // The web entry's peers are loaded before the count starts: what their own imports touch is not ours
  // (engine.io-client listens for "offline" at import).
  await import("supertokens-web-js/recipe/session/index.js");
  await import("socket.io-client");
  opened.length = posted.length = touches = 0;
  closed.clear();
  live.clear();
  visibility = "visible";
  vi.stubGlobal(
    "BroadcastChannel",
    class extends Real {
      constructor(name: string) {
        super(name);
        opened.push(this);
      }
      override postMessage(message: unknown) {
        posted.push(message);
        super.postMessage(message);
      }
      override close() {
        closed.add(this);
        super.close();
      }
    },
  );
  for (const [name, target] of [["window", window], ["document", document]] as const) {
    const { addEventListener: add, removeEventListener: remove } = target;
    for (const key of ["addEventListener", "removeEventListener"]) replaced.push([target, key, Object.getOwnPropertyDescriptor(target, key)]);
    Object.assign(target, {
      addEventListener(type: string, listener: EventListener) {
        touches++;
        live.add(`${name}:${type}`);
        add.call(target, type, listener);
      },
      removeEventListener(type: string, listener: EventListener) {
        touches++;
        live.delete(`${name}:${type}`);
        remove.call(target, type, listener);
      },
    });
  }
  replaced.push([document, "visibilityState", Object.getOwnPropertyDescriptor(document, "visibilityState")]);
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
  signals = { ...(await import("../../src/index")), ...(await import("../../src/platform/browserSignals")) };
});

afterEach(() => {
  vi.unstubAllGlobals();
  for (const [target, key, descriptor] of replaced.splice(0).reverse()) {
    if (descriptor) Object.defineProperty(target, key, descriptor);
    else delete (target as Record<string, unknown>)[key];
  }
});

/** Subscribes for this test only; returns what the listener was told and the unsubscribe. */
function listen(options?: { crossTab?: boolean }) {
  const told: unknown[] = [];
  const off = signals.onSessionSignal((signal) => void told.push(signal), options);
  onTestFinished(off);
  return { told, off };
}

/** Another tab of the origin: what it hears, and a way to speak. */
function otherTab() {
  const channel = new Real("supertokens-socket");
  const heard: unknown[] = [];
  channel.onmessage = ({ data }) => void heard.push(data);
  onTestFinished(() => channel.close());
  return { heard, say: (data: unknown) => channel.postMessage(data) };
}

describe("what importing and the first listener open", () => {
  it("importing the module touches neither window nor document and opens no channel", () => {
    expect(typeof signals.onSessionSignal).toBe("function");
    expect(touches).toBe(0);
    expect(opened).toHaveLength(0);
  });

  it("a tab with no listener still tells the other tabs, through a channel opened and closed at once, touching no window", async () => {
    const tab = otherTab();
    signals.handleSessionEvent({ action: "SIGN_OUT" });
    expect(opened).toHaveLength(1);
    expect(closed.has(opened[0]!)).toBe(true);
    expect(posted).toEqual(["signed-out"]);
    await until(() => tab.heard.length > 0, "the other tab to hear the sign-out");
    expect(tab.heard).toEqual(["signed-out"]);
    expect(touches).toBe(0);
  });
});

describe("the page's cheap moments to look again", () => {
  it("focus, online and the page becoming visible each tell a check; becoming hidden tells nothing", () => {
    const { told } = listen({ crossTab: false });
    window.dispatchEvent(new Event("focus"));
    window.dispatchEvent(new Event("online"));
    expect(told).toEqual(["check", "check"]);
    visibility = "hidden";
    document.dispatchEvent(new Event("visibilitychange"));
    expect(told).toEqual(["check", "check"]);
    window.dispatchEvent(new Event("online")); // back online while hidden: still worth a look
    visibility = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
    expect(told).toEqual(["check", "check", "check", "check"]);
  });

  it("the window listeners come with the first listener and are released with the last", () => {
    const first = listen({ crossTab: false });
    expect([...live].sort()).toEqual(["document:visibilitychange", "window:focus", "window:online"]);
    const second = listen();
    first.off();
    expect(live.size).toBe(3);
    window.dispatchEvent(new Event("focus"));
    expect(second.told).toEqual(["check"]);
    second.off();
    expect(live.size).toBe(0);
    expect(signals.browserSignals.listenerCount()).toBe(0);
    window.dispatchEvent(new Event("online"));
    expect([...first.told, ...second.told]).toEqual(["check"]);
  });
});

describe("the other tabs", () => {
  it("crossTab is per listener: a deaf one hears nothing from them; one that hears gets their ends, a check for anything else, nothing for a non-string", async () => {
    const tab = otherTab();
    const deaf = listen({ crossTab: false });
    const hearing = listen();
    tab.say("signed-out");
    tab.say(5);
    tab.say("session-expired");
    tab.say("token-changed");
    await until(() => hearing.told.length >= 3, "the other tab's messages");
    // One sender's messages arrive in order: had 5 been heard, it would sit second.
    expect(hearing.told).toEqual(["signed-out", "session-expired", "check"]);
    expect(deaf.told).toEqual([]);
  });

  it("the channel is open exactly while a listener hears other tabs: a page whose listeners are all deaf broadcasts nothing", async () => {
    const tab = otherTab();
    listen({ crossTab: false });
    signals.handleSessionEvent({ action: "REFRESH_SESSION" });
    expect(opened).toHaveLength(0);
    expect(posted).toEqual([]);
    const hearing = listen();
    expect(opened).toHaveLength(1);
    signals.handleSessionEvent({ action: "UNAUTHORISED" });
    expect(posted).toEqual(["session-expired"]);
    await until(() => tab.heard.length > 0, "the other tab to hear the expiry");
    expect(tab.heard).toEqual(["session-expired"]);
    hearing.off();
    expect(closed.has(opened[0]!)).toBe(true);
    signals.handleSessionEvent({ action: "SIGN_OUT" });
    expect(opened).toHaveLength(1);
    expect(posted).toEqual(["session-expired"]);
  });
});

describe("handleSessionEvent", () => {
  it("tells each SDK action's signal, and nothing for any other action, even a key of Object.prototype", () => {
    const { told } = listen({ crossTab: false });
    for (const action of ["REFRESH_SESSION", "ACCESS_TOKEN_PAYLOAD_UPDATED", "SIGN_OUT", "UNAUTHORISED", "SESSION_CREATED"]) {
      signals.handleSessionEvent({ action });
    }
    for (const action of ["toString", "__proto__", "constructor", "REFRESH_SESSION_ERROR", ""]) signals.handleSessionEvent({ action });
    expect(told).toEqual(["token-changed", "token-changed", "signed-out", "session-expired", "session-created"]);
  });
});

describe("handlePreAPIHook", () => {
  it("tells signed-out as the sign-out request is about to leave, to this tab and the others; answers every context as it came", async () => {
    const tab = otherTab();
    const { told } = listen();
    const signOut = { action: "SIGN_OUT", url: "https://api.example.com/auth/signout", requestInit: { method: "post" } };
    const refresh = { action: "REFRESH_SESSION", url: "https://api.example.com/auth/session/refresh", requestInit: {} };
    expect(await signals.handlePreAPIHook(refresh)).toBe(refresh);
    expect(told).toEqual([]);
    const answer = signals.handlePreAPIHook(signOut);
    // Told before the hook's answer: the SDK sends its request only once it has that.
    expect(told).toEqual(["signed-out"]);
    expect(await answer).toBe(signOut);
    expect(signOut).toEqual({ action: "SIGN_OUT", url: "https://api.example.com/auth/signout", requestInit: { method: "post" } });
    expect(posted).toEqual(["signed-out"]);
    await until(() => tab.heard.length > 0, "the other tab to hear the sign-out");
    expect(tab.heard).toEqual(["signed-out"]);
  });
});

describe("in Node", () => {
  it("an open channel does not keep the process alive", async () => {
    const module = resolve(dirname(fileURLToPath(import.meta.url)), "../../src/index.ts");
    const script = `const s = await import(${JSON.stringify(module)}); s.onSessionSignal(() => {}); console.log("subscribed");`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => void (out += chunk));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => (child.kill(), resolve(null)), 10_000);
      child.on("exit", (exitCode) => (clearTimeout(timer), resolve(exitCode)));
    });
    expect(out.trim()).toBe("subscribed");
    expect(code).toBe(0);
  });
});
