// @vitest-environment jsdom
// Zoneless Angular apps (no zone.js in this file: see zone.test.ts) in a browser-like global scope, the real
// socket.io client and a real server that verifies RS256 tokens.
import "@angular/compiler";
import {
  ChangeDetectionStrategy,
  Component,
  Injectable,
  inject,
  signal,
  type Signal,
} from "@angular/core";
import { afterEach, describe, expect, it } from "vitest";
import { handleSessionEvent, NotLoggedInError, type AuthedSocketEvents } from "supertokens-socket";
import { injectAuthedSocket, type InjectAuthedSocketOptions, type InjectAuthedSocketReturn } from "supertokens-socket/angular";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";
import { destroyAll, inContext, mount, stable, startApp } from "./support";

const fx = useFixture({ seed: true });
afterEach(async () => {
  destroyAll();
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

async function signedIn(name: string, lifetimeMs = 60_000) {
  const session = fakeSession(fx.issuer, { lifetimeMs });
  await session.signIn(name);
  return session;
}

/** A standalone OnPush component showing a connection made by `make` in its field initializer. */
function panel(make: () => InjectAuthedSocketReturn) {
  return Component({
    selector: "app-panel",
    standalone: true,
    changeDetection: ChangeDetectionStrategy.OnPush,
    template: `<p>{{ chat.status() }}|{{ chat.socket()?.id ?? "none" }}</p>`,
  })(
    class Panel {
      readonly chat = make();
    },
  );
}

/** Calls injectAuthedSocket in an injection context of its own in a new app (as a service would). */
async function inService(url: string | Signal<string>, options?: InjectAuthedSocketOptions | Signal<InjectAuthedSocketOptions>) {
  const app = await startApp();
  const { value: chat, destroy } = inContext(app, () => injectAuthedSocket(url, options));
  return { app, chat, destroy };
}

describe("injectAuthedSocket in a component", () => {
  it("connects once mounted, shows it in an OnPush view without zone.js, and closes when the component is destroyed", async () => {
    const session = await signedIn("ada");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    const app = await startApp();
    const view = mount(app, panel(() => injectAuthedSocket(fx.seed.url, { ...sessionOptions(session), io: counter.io })));
    expect(view.text()).toBe("connecting|none");
    await until(() => view.text().startsWith("connected|"), "the view to show connected");
    const socket = view.ref.instance.chat.socket()!;
    expect(view.text()).toBe(`connected|${socket.id}`);
    expect(counter.created).toEqual([socket]);
    expect(serverSockets(fx.seed)).toBe(1);

    view.ref.destroy();
    expect(socket.active).toBe(false);
    await until(() => serverSockets(fx.seed) === 0, "the server to see it go");
    expect(browserSignals.listenerCount()).toBe(signals);
  });

  it("many @if toggles open at most one connection at a time, then none once hidden", async () => {
    const session = await signedIn("ben");
    const counter = countingIo();
    const handshakes = fx.seed.handshakes;
    const Panel = panel(() => injectAuthedSocket(fx.seed.url, { ...sessionOptions(session), io: counter.io }));
    const Toggle = Component({
      selector: "app-toggle",
      standalone: true,
      imports: [Panel],
      template: `@if (shown()) { <app-panel /> }`,
    })(
      class Toggle {
        readonly shown = signal(true);
      },
    );
    const app = await startApp();
    const view = mount(app, Toggle);
    await until(() => view.text().startsWith("connected|"), "connected");
    for (let i = 0; i < 20; i++) {
      view.ref.instance.shown.update((shown) => !shown);
      await stable(app);
      // Each hidden panel closed its socket before the next one was made.
      expect(counter.created.filter((s) => s.active).length).toBeLessThanOrEqual(1);
    }
    // An even number of toggles: shown again, on a connection of its own.
    await until(() => view.text().startsWith("connected|"), "connected after the toggles");
    expect(counter.created.filter((s) => s.active)).toHaveLength(1);
    await until(() => serverSockets(fx.seed) === 1, "the server to hold only the last one");
    // The toggles did mount and unmount (a socket each, or none for a mount that went in the same tick), never more.
    expect(counter.created.length).toBeGreaterThanOrEqual(2);
    expect(fx.seed.handshakes - handshakes).toBeLessThanOrEqual(11);
    view.ref.instance.shown.set(false);
    await stable(app);
    expect(counter.created.filter((s) => s.active)).toHaveLength(0);
    await until(() => serverSockets(fx.seed) === 0, "none after hiding it");
  });

  it("a service provided in the root shares ONE connection between two components; it closes with the app", async () => {
    const session = await signedIn("cal");
    const counter = countingIo();
    const handshakes = fx.seed.handshakes;
    const ChatSocket = Injectable({ providedIn: "root" })(
      class ChatSocket {
        readonly chat = injectAuthedSocket(fx.seed.url, { ...sessionOptions(session), io: counter.io });
      },
    );
    const first = panel(() => inject(ChatSocket).chat);
    const second = panel(() => inject(ChatSocket).chat);
    const app = await startApp();
    const [one, two] = [mount(app, first), mount(app, second)];
    await until(() => one.text().startsWith("connected|") && two.text().startsWith("connected|"), "both connected");
    expect(one.text()).toBe(two.text());
    expect(counter.created).toHaveLength(1);
    expect(fx.seed.handshakes - handshakes).toBe(1);
    expect(serverSockets(fx.seed)).toBe(1);
    // A component going does not close the service's connection; the app (its root injector) going does.
    one.ref.destroy();
    expect(counter.created[0]!.active).toBe(true);
    app.destroy();
    expect(counter.created[0]!.active).toBe(false);
  });
});

describe("options", () => {
  it("outside an injection context it throws Angular's NG0203", () => {
    expect(() => injectAuthedSocket("http://127.0.0.1:1")).toThrow(/NG0203/);
  });

  it("enabled: false is idle and opens nothing; through an options signal, enabling connects and disabling closes", async () => {
    const session = await signedIn("dee");
    const counter = countingIo();
    const base = { ...sessionOptions(session), io: counter.io };
    const off = await inService(fx.seed.url, { ...base, enabled: false });
    expect(off.chat.status()).toBe("idle");

    const options = signal<InjectAuthedSocketOptions>({ ...base, enabled: false });
    const { app, chat } = await inService(fx.seed.url, options);
    await stable(app);
    expect(chat.status()).toBe("idle");
    expect(counter.created).toHaveLength(0);
    options.set({ ...base, enabled: true });
    await until(() => chat.status() === "connected", "connected once enabled");
    const socket = chat.socket()!;
    options.set({ ...base, enabled: false });
    await until(() => chat.status() === "idle", "idle again");
    expect(chat.socket()).toBeUndefined();
    expect(socket.active).toBe(false);
    expect(counter.created).toHaveLength(1);
  });

  it("a new options object with the same values does not reconnect; a changed value or url does; functions are read from the latest", async () => {
    const session = await signedIn("eli");
    const counter = countingIo();
    const reads: string[] = [];
    const options = (room: string, name: string): InjectAuthedSocketOptions => ({
      getAccessToken: () => (reads.push(name), session.getAccessToken()),
      attemptRefreshingSession: () => session.attemptRefreshingSession(),
      io: counter.io,
      query: { room, tags: ["a", "b"] },
    });
    const input = signal(options("lobby", "first"));
    const url = signal(fx.seed.url);
    const { app, chat, destroy } = await inService(url, input);
    await until(() => chat.status() === "connected", "connected");
    const first = chat.socket();

    input.set(options("lobby", "second"));
    url.set(fx.seed.url);
    await stable(app);
    input.set(options("lobby", "third"));
    await stable(app);
    expect(chat.socket()).toBe(first);
    expect(first!.active).toBe(true);

    input.set(options("kitchen", "fourth"));
    await until(() => chat.status() === "connected" && chat.socket() !== first, "reconnected with the new room");
    expect(first!.active).toBe(false);
    expect(counter.created).toHaveLength(2);
    await until(() => serverSockets(fx.seed) === 1, "the server to let the first one go");
    const [serverSocket] = await fx.seed.io.fetchSockets();
    expect(serverSocket!.handshake.query.room).toBe("kitchen");
    expect(reads.filter((r) => r === "second" || r === "third")).toEqual([]);
    expect(reads).toContain("fourth");

    url.set(`${fx.seed.url}/`);
    await until(() => chat.status() === "connected" && counter.created.length === 3, "reconnected to the new url");
    expect(counter.created[1]!.active).toBe(false);
    destroy();
    expect(counter.created[2]!.active).toBe(false);
  });
});

describe("following the session", () => {
  it("releases the socket on sign-out, then reconnects by itself on a NEW socket at sign-in", async () => {
    const session = await signedIn("fay");
    const { chat, destroy } = await inService(fx.seed.url, sessionOptions(session));
    await until(() => chat.status() === "connected", "connected");
    const first = chat.socket()!;

    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(chat.status()).toBe("unauthenticated");
    expect(chat.socket()).toBeUndefined();
    expect(chat.error()).toBeInstanceOf(NotLoggedInError);
    expect(first.active).toBe(false);

    await session.signIn("gus");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => chat.status() === "connected", "connected again");
    expect(chat.socket()).not.toBe(first);
    expect(chat.error()).toBeUndefined();
    destroy();
    expect(chat.socket()!.active).toBe(false);
  });

  it("starts unauthenticated without a session, opening nothing", async () => {
    const session = fakeSession(fx.issuer);
    const counter = countingIo();
    const { chat } = await inService(fx.seed.url, { ...sessionOptions(session), io: counter.io });
    await until(() => chat.status() === "unauthenticated", "unauthenticated");
    expect(chat.error()).toBeInstanceOf(NotLoggedInError);
    expect(counter.created).toHaveLength(0);
  });

  it("on() hears the live handle's lifecycle events across a reconnection for a new url, until its unsubscribe; rotate() rotates", async () => {
    const session = await signedIn("hal");
    const url = signal(fx.seed.url);
    const { chat } = await inService(url, sessionOptions(session));
    const statuses: AuthedSocketEvents["status"][] = [];
    const tokens: AuthedSocketEvents["token"][] = [];
    const offStatus = chat.on("status", (s) => void statuses.push(s));
    await until(() => chat.status() === "connected", "connected");
    const offToken = chat.on("token", (t) => void tokens.push(t));
    const socket = chat.socket()!;
    const accepted = fx.seed.accepted.length;
    chat.rotate();
    await until(() => tokens.length >= 1 && fx.seed.accepted.length > accepted, "a rotation");
    await until(() => chat.status() === "connected", "connected after the rotation");
    expect(chat.socket()).toBe(socket);
    offToken();

    const heard = statuses.length;
    url.set(`${fx.seed.url}/`);
    await until(() => chat.status() === "connected" && chat.socket() !== socket, "reconnected");
    expect(statuses.length).toBeGreaterThan(heard);
    offStatus();
    expect(tokens).toHaveLength(1);
  });
});
