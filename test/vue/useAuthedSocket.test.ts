// @vitest-environment jsdom
// Components mounted with createApp in jsdom (and a bare effectScope), the real socket.io client and a real server
// that verifies RS256 tokens.
import { afterEach, describe, expect, it, vi } from "vitest";
import { defineComponent, effectScope, h, isProxy, nextTick, reactive, ref, type Ref } from "vue";
import { handleSessionEvent, NotLoggedInError, type AuthedSocketEvents } from "supertokens-socket";
import { useAuthedSocket, type UseAuthedSocketOptions, type UseAuthedSocketReturn } from "supertokens-socket/vue";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";
import { mount } from "./support";

const fx = useFixture({ seed: true });
const scopes: (() => void)[] = [];
afterEach(async () => {
  scopes.splice(0).forEach((stop) => stop());
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

/** useAuthedSocket in an effect scope of its own (stopped after the test unless before). */
function inScope(...args: Parameters<typeof useAuthedSocket>) {
  const scope = effectScope();
  const result = scope.run(() => useAuthedSocket(...args))!;
  scopes.push(() => scope.stop());
  return { ...result, stop: () => scope.stop() };
}

async function signedIn(name: string) {
  const session = fakeSession(fx.issuer);
  await session.signIn(name);
  return session;
}

/** A component that shows the connection in a <p> (status, socket id). */
const Badge = defineComponent({
  props: { url: { type: String, required: true }, options: { type: Object, default: () => ({}) } },
  setup(props, { expose }) {
    const chat = useAuthedSocket(props.url, props.options as UseAuthedSocketOptions);
    expose(chat);
    return () => h("p", { "data-status": chat.status.value }, chat.socket.value?.id ?? "");
  },
});

describe("useAuthedSocket in a component: one connection while mounted", () => {
  it("renders 'connecting', connects ONE connection, and closes it on unmount, leaving no session registration", async () => {
    const session = await signedIn("ada");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    const app = mount(Badge, { url: fx.seed.url, options: { ...sessionOptions(session), io: counter.io } });
    const p = app.el.querySelector("p")!;
    expect(p.dataset.status).toBe("connecting");
    await until(() => p.dataset.status === "connected", "connected");
    await nextTick();
    expect(p.textContent).toBe(counter.created[0]!.id);
    expect(counter.created).toHaveLength(1);
    expect(serverSockets(fx.seed)).toBe(1);

    app.unmount();
    expect(counter.created[0]!.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 0, "the server to see it go");
    expect(browserSignals.listenerCount()).toBe(signals);
  });

  it("in a bare effectScope: socket, status and error are read-only refs; the socket is the raw Socket; stop() closes", async () => {
    const session = await signedIn("ben");
    const counter = countingIo();
    const chat = inScope(fx.seed.url, { ...sessionOptions(session), io: counter.io });
    expect([chat.status.value, chat.socket.value, chat.error.value]).toEqual(["connecting", undefined, undefined]);
    await until(() => chat.status.value === "connected", "connected");
    // Never Vue's proxy around socket.io's object: the very Socket io() made.
    expect(chat.socket.value).toBe(counter.created[0]);
    expect(isProxy(chat.socket.value)).toBe(false);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    (chat.status as Ref<string>).value = "closed"; // read-only: Vue warns and ignores the write
    expect(chat.status.value).toBe("connected");
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/readonly/);
    warn.mockRestore();
    chat.stop();
    expect(counter.created[0]!.active).toBe(false);
  });
});

describe("options", () => {
  it("enabled: false is idle and opens nothing; through a ref, enabling connects and disabling closes", async () => {
    const session = await signedIn("cal");
    const counter = countingIo();
    let reads = 0;
    const base = {
      ...sessionOptions(session),
      getAccessToken: () => (reads++, session.getAccessToken()),
      io: counter.io,
    };
    const off = inScope(fx.seed.url, { ...base, enabled: false });
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(off.status.value).toBe("idle");
    expect(reads).toBe(0);

    const options = ref<UseAuthedSocketOptions>({ ...base, enabled: false });
    const chat = inScope(fx.seed.url, options);
    expect(chat.status.value).toBe("idle");
    options.value = { ...base, enabled: true };
    await until(() => chat.status.value === "connected", "connected once enabled");
    const socket = chat.socket.value!;
    options.value = { ...base, enabled: false };
    expect([chat.status.value, chat.socket.value]).toEqual(["idle", undefined]);
    expect(socket.active).toBe(false);
    expect(counter.created).toHaveLength(1);
  });

  it("a new options object with the same values does not reconnect; a changed value, getter dependency or url does; functions are read from the latest", async () => {
    const session = await signedIn("dee");
    const counter = countingIo();
    const reads: string[] = [];
    const options = (room: string, name: string): UseAuthedSocketOptions => ({
      // New functions in every options object: compared by neither identity nor value.
      getAccessToken: () => (reads.push(name), session.getAccessToken()),
      attemptRefreshingSession: () => session.attemptRefreshingSession(),
      io: counter.io,
      query: { room, tags: ["a", "b"] },
      transports: ["websocket"],
    });
    const input = ref(options("lobby", "first"));
    const url = ref(fx.seed.url);
    const chat = inScope(url, input);
    await until(() => chat.status.value === "connected", "connected");
    const first = chat.socket.value!;

    input.value = options("lobby", "second");
    input.value = options("lobby", "third");
    url.value = fx.seed.url;
    await nextTick();
    expect(chat.socket.value).toBe(first);
    expect(first.active).toBe(true);

    input.value = options("kitchen", "fourth");
    expect(first.active).toBe(false);
    await until(() => chat.status.value === "connected", "reconnected with the new room");
    expect(chat.socket.value).not.toBe(first);
    expect(counter.created).toHaveLength(2);
    await until(() => serverSockets(fx.seed) === 1, "the server to let the first one go");
    const [serverSocket] = await fx.seed.io.fetchSockets();
    expect(serverSocket!.handshake.query.room).toBe("kitchen");
    expect(reads.filter((r) => r === "second" || r === "third")).toEqual([]);
    expect(reads).toContain("fourth");

    // A new url reconnects too.
    url.value = `${fx.seed.url}/`;
    await until(() => chat.status.value === "connected" && counter.created.length === 3, "reconnected to the new url");
    expect(counter.created[1]!.active).toBe(false);
  });

  it("a getter over reactive state: reconnects when what it reads changes, not when it makes a new equal object", async () => {
    const session = await signedIn("eli");
    const counter = countingIo();
    const state = reactive({ room: "lobby", unrelated: 0 });
    const chat = inScope(() => fx.seed.url, () => ({ ...sessionOptions(session), io: counter.io, query: { room: state.room } }));
    await until(() => chat.status.value === "connected", "connected");
    state.room = "lobby";
    state.unrelated++;
    await nextTick();
    expect(counter.created).toHaveLength(1);
    state.room = "kitchen";
    await until(() => counter.created.length === 2 && chat.status.value === "connected", "reconnected");
    expect(counter.created[0]!.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 1, "the server to let the first one go");
    const [serverSocket] = await fx.seed.io.fetchSockets();
    expect(serverSocket!.handshake.query.room).toBe("kitchen");
    // The options given to socket.io are plain objects, never Vue's proxies (a reactive() options object).
    const given: Record<string, unknown>[] = [];
    const recording = ((uri: string, opts: Record<string, unknown>) => (given.push(opts), counter.io(uri, opts))) as typeof counter.io;
    const reactiveOptions = reactive({ ...sessionOptions(session), io: recording, query: { room: "attic" }, transports: ["websocket"] });
    const other = inScope(fx.seed.url, reactiveOptions);
    await until(() => other.status.value === "connected", "connected with reactive options");
    expect(given[0]).toMatchObject({ transports: ["websocket"] });
    expect([isProxy(given[0]), isProxy(given[0]!.transports), isProxy(given[0]!.query)]).toEqual([false, false, false]);
  });
});

describe("following the session", () => {
  it("releases the socket on sign-out, then reconnects by itself on a NEW socket at sign-in", async () => {
    const session = await signedIn("fay");
    const chat = inScope(fx.seed.url, sessionOptions(session));
    await until(() => chat.status.value === "connected", "connected");
    const first = chat.socket.value!;

    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(chat.status.value).toBe("unauthenticated");
    expect(chat.socket.value).toBeUndefined();
    expect(chat.error.value).toBeInstanceOf(NotLoggedInError);
    expect(first.active).toBe(false);

    await session.signIn("gus");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => chat.status.value === "connected", "connected again");
    expect(chat.socket.value).not.toBe(first);
    expect(chat.error.value).toBeUndefined();
  });

  it("starts unauthenticated without a session, opening nothing", async () => {
    const session = fakeSession(fx.issuer);
    const counter = countingIo();
    const chat = inScope(fx.seed.url, { ...sessionOptions(session), io: counter.io });
    await until(() => chat.status.value === "unauthenticated", "unauthenticated");
    expect(chat.error.value).toBeInstanceOf(NotLoggedInError);
    expect(counter.created).toHaveLength(0);
  });
});

describe("rotate() and on()", () => {
  it("on() hears the live handle's events across reconnections for new options, until its unsubscribe; rotate() rotates", async () => {
    const session = await signedIn("hal");
    const room = ref("a");
    const chat: UseAuthedSocketReturn = inScope(fx.seed.url, () => ({ ...sessionOptions(session), query: { room: room.value } }));
    const statuses: AuthedSocketEvents["status"][] = [];
    const tokens: AuthedSocketEvents["token"][] = [];
    const offStatus = chat.on("status", (s) => void statuses.push(s));
    await until(() => chat.status.value === "connected", "connected");
    const offToken = chat.on("token", (t) => void tokens.push(t));
    const accepted = fx.seed.accepted.length;
    const socket = chat.socket.value;
    chat.rotate();
    await until(() => tokens.length >= 1 && fx.seed.accepted.length > accepted, "a rotation");
    await until(() => chat.status.value === "connected", "connected after the rotation");
    expect(chat.socket.value).toBe(socket);
    offToken();

    const heard = statuses.length;
    expect(statuses).toContain("connected");
    room.value = "b";
    await until(() => chat.status.value === "connected" && chat.socket.value !== socket, "connected to room b");
    expect(statuses.length).toBeGreaterThan(heard);
    offStatus();
    const after = statuses.length;
    room.value = "c";
    await until(() => chat.status.value === "connected" && fx.seed.accepted.length > accepted + 2, "connected to room c");
    expect(statuses.length).toBe(after);
    expect(tokens).toHaveLength(1);
  });
});
