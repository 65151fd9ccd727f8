// @vitest-environment jsdom
// A browser-like global scope (the store follows nothing where there is no `window`: see ssr.test.ts), the real
// socket.io client and a real server that verifies RS256 tokens; Svelte's own store helpers where a user has them.
import { afterEach, describe, expect, it } from "vitest";
import { derived, get, writable } from "svelte/store";
import { handleSessionEvent, NotLoggedInError, type AuthedSocketEvents } from "supertokens-socket";
import { authedSocket, type AuthedSocketStore, type AuthedSocketStoreOptions, type AuthedSocketStoreValue } from "supertokens-socket/svelte";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";

const fx = useFixture({ seed: true });
const subscriptions: (() => void)[] = [];
afterEach(async () => {
  subscriptions.splice(0).forEach((unsubscribe) => unsubscribe());
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

/** Subscribes (unsubscribed after the test unless done before), recording every value the store gives. */
function watch<S extends AuthedSocketStore>(store: S) {
  const values: AuthedSocketStoreValue[] = [];
  const unsubscribe = store.subscribe((value) => void values.push(value));
  subscriptions.push(unsubscribe);
  return { values, last: () => values.at(-1)!, unsubscribe };
}

async function signedIn(name: string, lifetimeMs = 60_000) {
  const session = fakeSession(fx.issuer, { lifetimeMs });
  await session.signIn(name);
  return session;
}

/** Lets every queued microtask and one macrotask run: long enough for the core's microtask start to have begun. */
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("authedSocket: a store that connects on its first subscriber and closes on its last", () => {
  it("opens nothing before a subscriber; the first one gets the value at once and starts ONE connection", async () => {
    const session = await signedIn("ada");
    const counter = countingIo();
    const handshakes = fx.seed.handshakes;
    const chat = authedSocket(fx.seed.url, { ...sessionOptions(session), io: counter.io });
    await turn();
    expect(counter.created).toHaveLength(0);
    expect(fx.seed.handshakes).toBe(handshakes);

    const first = watch(chat);
    // The store contract: `run` is called synchronously on subscribe.
    expect(first.values).toEqual([{ status: "connecting", socket: undefined, error: undefined }]);
    await until(() => first.last().status === "connected", "connected");
    expect(first.last().socket).toBe(counter.created[0]);
    expect(first.last().error).toBeUndefined();
    expect(counter.created).toHaveLength(1);
    expect(fx.seed.handshakes - handshakes).toBe(1);
    expect(serverSockets(fx.seed)).toBe(1);
  });

  it("two subscribers share ONE connection; it closes only when the last one leaves, leaving no session registration", async () => {
    const session = await signedIn("ben");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    const chat = authedSocket(fx.seed.url, { ...sessionOptions(session), io: counter.io });
    const one = watch(chat);
    const two = watch(chat);
    await until(() => two.last().status === "connected", "connected");
    expect(one.last()).toBe(two.last());
    expect(counter.created).toHaveLength(1);
    expect(serverSockets(fx.seed)).toBe(1);
    const socket = one.last().socket!;

    one.unsubscribe();
    expect(socket.active).toBe(true);
    two.unsubscribe();
    expect(socket.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 0, "the server to see it go");
    expect(browserSignals.listenerCount()).toBe(signals);
    // Unsubscribing twice is harmless.
    two.unsubscribe();

    // A new subscriber starts again, with a new connection (the closed socket is never shown again).
    const again = watch(chat);
    expect(again.values).toEqual([{ status: "connecting", socket: undefined, error: undefined }]);
    await until(() => again.last().status === "connected", "connected again");
    expect(again.last().socket).not.toBe(socket);
    expect(counter.created).toHaveLength(2);
  });

  it("the same function subscribed twice is two subscribers", async () => {
    const session = await signedIn("cal");
    const chat = authedSocket(fx.seed.url, sessionOptions(session));
    const seen: AuthedSocketStoreValue[] = [];
    const run = (value: AuthedSocketStoreValue) => void seen.push(value);
    const off1 = chat.subscribe(run);
    const off2 = chat.subscribe(run);
    subscriptions.push(off2);
    await until(() => seen.at(-1)?.status === "connected", "connected");
    off1();
    expect(seen.at(-1)!.socket!.active).toBe(true);
    off2();
    expect(seen.at(-1)!.socket!.active).toBe(false);
  });

  it("get(store) and a churn of subscribe-then-unsubscribe (fromStore(...).current outside an effect) leave nothing behind", async () => {
    const session = await signedIn("dee");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    const handshakes = fx.seed.handshakes;
    let reads = 0;
    const getAccessToken = () => {
      reads++;
      return session.getAccessToken();
    };
    const chat = authedSocket(fx.seed.url, { ...sessionOptions(session), getAccessToken, io: counter.io });
    for (let i = 0; i < 50; i++) expect(get(chat).status).toBe("connecting");
    for (let i = 0; i < 50; i++) chat.subscribe(() => {})();
    await turn();
    await turn();
    expect(reads).toBe(0);
    expect(counter.created).toHaveLength(0);
    expect(fx.seed.handshakes).toBe(handshakes);
    expect(browserSignals.listenerCount()).toBe(signals);

    // The same store, subscribed for real, does connect: nothing above was waiting to.
    const live = watch(chat);
    await until(() => live.last().status === "connected", "connected");
    expect(counter.created).toHaveLength(1);
    // A get() while it is subscribed is the live value and changes nothing.
    expect(get(chat)).toBe(live.last());
    expect(live.last().socket!.active).toBe(true);
  });

  it("Svelte's derived() over the store subscribes to it, and connects through it", async () => {
    const session = await signedIn("eli");
    const chat = authedSocket(fx.seed.url, sessionOptions(session));
    const status = derived(chat, ($chat) => $chat.status);
    const seen: string[] = [];
    const off = status.subscribe((s) => void seen.push(s));
    subscriptions.push(off);
    await until(() => seen.at(-1) === "connected", "connected");
    const socket = get(chat).socket!;
    off();
    expect(socket.active).toBe(false);
    expect(seen[0]).toBe("connecting");
  });
});

describe("options", () => {
  it("enabled: false is idle and opens nothing; through an options store, enabling connects and disabling closes", async () => {
    const session = await signedIn("fay");
    const counter = countingIo();
    let reads = 0;
    const base = {
      ...sessionOptions(session),
      getAccessToken: () => {
        reads++;
        return session.getAccessToken();
      },
      io: counter.io,
    };
    const off = watch(authedSocket(fx.seed.url, { ...base, enabled: false }));
    await turn();
    expect(off.values).toEqual([{ status: "idle", socket: undefined, error: undefined }]);
    expect(reads).toBe(0);

    const options = writable<AuthedSocketStoreOptions>({ ...base, enabled: false });
    const chat = watch(authedSocket(fx.seed.url, options));
    expect(chat.last().status).toBe("idle");
    options.set({ ...base, enabled: true });
    await until(() => chat.last().status === "connected", "connected once enabled");
    const socket = chat.last().socket!;
    options.set({ ...base, enabled: false });
    expect(chat.last()).toEqual({ status: "idle", socket: undefined, error: undefined });
    expect(socket.active).toBe(false);
    expect(counter.created).toHaveLength(1);
  });

  it("a new options object with the same values does not reconnect; a changed value or url does; functions are read from the latest options", async () => {
    const session = await signedIn("gus");
    const counter = countingIo();
    const handshakes = fx.seed.handshakes;
    const reads: string[] = [];
    const options = (room: string, name: string): AuthedSocketStoreOptions => ({
      // New functions in every options object: compared by neither identity nor value.
      getAccessToken: () => (reads.push(name), session.getAccessToken()),
      attemptRefreshingSession: () => session.attemptRefreshingSession(),
      io: counter.io,
      query: { room, tags: ["a", "b"] },
      transports: ["websocket"],
    });
    const input = writable(options("lobby", "first"));
    const url = writable(fx.seed.url);
    const chat = watch(authedSocket(url, input));
    await until(() => chat.last().status === "connected", "connected");
    const first = chat.last().socket;

    input.set(options("lobby", "second"));
    input.set(options("lobby", "third"));
    url.set(fx.seed.url);
    expect(chat.last().socket).toBe(first);

    input.set(options("kitchen", "fourth"));
    expect(first!.active).toBe(false);
    await until(() => chat.last().status === "connected", "reconnected with the new room");
    expect(chat.last().socket).not.toBe(first);
    expect(counter.created).toHaveLength(2);
    expect(fx.seed.handshakes - handshakes).toBe(2);
    await until(() => serverSockets(fx.seed) === 1, "the server to let the first one go");
    const [serverSocket] = await fx.seed.io.fetchSockets();
    expect(serverSocket!.handshake.query.room).toBe("kitchen");
    // The second connection read its token through the latest function, never through the replaced ones.
    expect(reads.filter((r) => r === "second" || r === "third")).toEqual([]);
    expect(reads).toContain("fourth");

    // A new url reconnects too.
    url.set(`${fx.seed.url}/`);
    await until(() => chat.last().status === "connected" && counter.created.length === 3, "reconnected to the new url");
    expect(counter.created[1]!.active).toBe(false);
  });
});

describe("following the session", () => {
  it("releases the socket on sign-out, then reconnects by itself on a NEW socket at sign-in", async () => {
    const session = await signedIn("hal");
    const chat = watch(authedSocket(fx.seed.url, sessionOptions(session)));
    await until(() => chat.last().status === "connected", "connected");
    const first = chat.last().socket!;

    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(chat.last().status).toBe("unauthenticated");
    expect(chat.last().socket).toBeUndefined();
    expect(chat.last().error).toBeInstanceOf(NotLoggedInError);
    expect(first.active).toBe(false);

    await session.signIn("ivy");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => chat.last().status === "connected", "connected again");
    expect(chat.last().socket).not.toBe(first);
    expect(chat.last().error).toBeUndefined();
  });

  it("starts unauthenticated without a session", async () => {
    const session = fakeSession(fx.issuer);
    const counter = countingIo();
    const chat = watch(authedSocket(fx.seed.url, { ...sessionOptions(session), io: counter.io }));
    await until(() => chat.last().status === "unauthenticated", "unauthenticated");
    expect(chat.last().error).toBeInstanceOf(NotLoggedInError);
    expect(counter.created).toHaveLength(0);
  });
});

describe("rotate() and on()", () => {
  it("on() hears the live handle's lifecycle events across stops and starts, until its unsubscribe; rotate() rotates", async () => {
    const session = await signedIn("jo");
    const chat = authedSocket(fx.seed.url, sessionOptions(session));
    const statuses: AuthedSocketEvents["status"][] = [];
    const tokens: AuthedSocketEvents["token"][] = [];
    const offStatus = chat.on("status", (s) => void statuses.push(s));
    chat.rotate(); // nothing live: a no-op

    const first = watch(chat);
    await until(() => first.last().status === "connected", "connected");
    const offToken = chat.on("token", (t) => void tokens.push(t));
    const accepted = fx.seed.accepted.length;
    const socket = first.last().socket!;
    chat.rotate();
    await until(() => tokens.length >= 1 && fx.seed.accepted.length > accepted, "a rotation");
    await until(() => first.last().status === "connected", "connected after the rotation");
    expect(first.last().socket).toBe(socket);
    offToken();

    first.unsubscribe();
    const heard = statuses.length;
    expect(statuses).toContain("connected");
    const second = watch(chat);
    await until(() => second.last().status === "connected", "connected again");
    expect(statuses.length).toBeGreaterThan(heard);
    offStatus();
    second.unsubscribe();
    const after = statuses.length;
    watch(chat);
    await until(() => get(chat).status === "connected", "connected a third time");
    expect(statuses.length).toBe(after);
    expect(tokens).toHaveLength(1);
  });
});
