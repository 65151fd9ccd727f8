// @vitest-environment jsdom
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { derived, get } from "svelte/store";
import type { Socket } from "socket.io-client";
import { handleSessionEvent } from "supertokens-socket";
import { authedSocket, socketEvent, type AuthedSocketStoreValue } from "supertokens-socket/svelte";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { serverSockets, sessionOptions } from "../react/support";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
  count: (n: number, label: string) => void;
}
interface ClientToServer {
  hello: (text: string) => void;
}

const fx = useFixture({ seed: true });
const cleanups: (() => void)[] = [];
afterEach(async () => {
  cleanups.splice(0).forEach((cleanup) => cleanup());
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

describe("socketEvent", () => {
  it("follows the store's socket: once per Socket across rotations and a new session's Socket, never twice", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    await session.signIn("mia");
    const chat = authedSocket<ServerToClient, ClientToServer>(fx.seed.url, sessionOptions(session));
    const received: string[] = [];
    // socketEvent subscribes to the store by itself: it is enough to start the connection, and keeps it open.
    const off = socketEvent(chat, "chat", (message) => void received.push(message.text));
    cleanups.push(off);
    // A second subscriber (a component's $chat) shares the connection and adds no listener.
    const values: AuthedSocketStoreValue<ServerToClient, ClientToServer>[] = [];
    cleanups.push(chat.subscribe((value) => void values.push(value)));
    await until(() => values.at(-1)?.status === "connected", "connected");
    const socket = get(chat).socket!;
    expect(socket.listeners("chat")).toHaveLength(1);
    // Every `on("chat")` from now on: none while the Socket stays the same.
    const subscribes = vi.spyOn(socket, "on");
    const chatSubscribes = () => subscribes.mock.calls.filter(([name]) => name === "chat").length;

    fx.seed.io.emit("chat", { from: "server", text: "before" });
    await until(() => received.length === 1, "the first message");

    // 3 s tokens: the core rotates twice, on the same Socket (each rotation changes the store's value).
    const accepted = fx.seed.accepted.length;
    const changes = values.length;
    await until(() => fx.seed.accepted.length >= accepted + 2, "two rotations", 15_000);
    await until(() => get(chat).status === "connected", "connected after the rotations");
    expect(values.length).toBeGreaterThan(changes);
    expect(get(chat).socket).toBe(socket);
    expect(socket.listeners("chat")).toHaveLength(1);
    expect(chatSubscribes()).toBe(0);
    subscribes.mockRestore();
    fx.seed.io.emit("chat", { from: "server", text: "after rotations" });
    await until(() => received.length === 2, "the second message");

    // Sign-out: the Socket goes, and so does the listener; another user's new Socket gets exactly one.
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(get(chat).socket).toBeUndefined();
    expect(socket.listeners("chat")).toHaveLength(0);
    await session.signIn("ned");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => get(chat).status === "connected", "connected as ned");
    const next = get(chat).socket!;
    expect(next).not.toBe(socket);
    expect(next.listeners("chat")).toHaveLength(1);
    fx.seed.io.emit("chat", { from: "server", text: "for ned" });
    await until(() => received.length === 3, "the third message");
    expect(received).toEqual(["before", "after rotations", "for ned"]);

    // Its unsubscribe leaves the socket (the store stays open for its other subscriber).
    off();
    expect(next.listeners("chat")).toHaveLength(0);
    expect(next.active).toBe(true);
  }, 30_000);

  it("alone on the store, its unsubscribe closes the connection; it works on a store derived from it", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ola");
    const chat = authedSocket<ServerToClient, ClientToServer>(fx.seed.url, sessionOptions(session));
    const seen: string[] = [];
    const off = socketEvent(chat, "count", (n, label) => void seen.push(`${label}${n}`));
    await until(() => get(chat).status === "connected", "connected");
    const socket = get(chat).socket!;
    fx.seed.io.emit("count", 1, "n=");
    await until(() => seen.length === 1, "the event");
    off();
    expect(socket.listeners("count")).toHaveLength(0);
    expect(socket.active).toBe(false);
    off(); // twice: harmless

    const connected = derived(chat, ($chat) => ({ socket: $chat.status === "connected" ? $chat.socket : undefined }));
    const offDerived = socketEvent(connected, "count", (n) => void seen.push(`derived ${n}`));
    cleanups.push(offDerived);
    await until(() => get(chat).status === "connected", "connected through the derived store");
    fx.seed.io.emit("count", 2, "");
    await until(() => seen.length === 2, "the event through the derived store");
    expect(seen).toEqual(["n=1", "derived 2"]);
  });

  it("is typed from the store's events", () => {
    const chat = authedSocket<ServerToClient, ClientToServer>("http://127.0.0.1:1");
    expectTypeOf(chat.subscribe).parameter(0).parameter(0).toHaveProperty("socket").toEqualTypeOf<
      Socket<ServerToClient, ClientToServer> | undefined
    >();
    expectTypeOf(socketEvent).returns.toEqualTypeOf<() => void>();
    // Type checks only (npm run typecheck): never called.
    const types = () => {
      socketEvent(chat, "chat", (message) => expectTypeOf(message).toEqualTypeOf<{ from: string; text: string }>());
      socketEvent(chat, "count", (n, label) => {
        expectTypeOf(n).toEqualTypeOf<number>();
        expectTypeOf(label).toEqualTypeOf<string>();
      });
      // @ts-expect-error: not a server-to-client event
      socketEvent(chat, "hello", () => {});
      // @ts-expect-error: the handler's argument is a message, not a number
      socketEvent(chat, "chat", (n: number) => n);
      const status: "idle" | "connecting" | "connected" | "refreshing" | "reconnecting" | "unauthenticated" | "closed" =
        get(chat).status;
      expectTypeOf(get(chat).status).toEqualTypeOf<typeof status>();
      chat.on("status", (s) => expectTypeOf(s).toEqualTypeOf<Exclude<typeof status, "idle">>());
    };
    expect(typeof types).toBe("function");
  });
});
