// @vitest-environment jsdom
import "@angular/compiler";
import { signal, type Signal } from "@angular/core";
import { VERSION } from "@angular/core";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import type { Socket } from "socket.io-client";
import { handleSessionEvent } from "supertokens-socket";
import { injectAuthedSocket, injectSocketEvent, type InjectAuthedSocketReturn } from "supertokens-socket/angular";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { serverSockets, sessionOptions } from "../react/support";
import { destroyAll, inContext, stable, startApp } from "./support";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
  count: (n: number, label: string) => void;
}
interface ClientToServer {
  hello: (text: string) => void;
}

const fx = useFixture({ seed: true });
afterEach(async () => {
  destroyAll();
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

describe("the Angular version under test", () => {
  it("is the one EXPECTED_ANGULAR_MAJOR names, when set (17 in the oldest run)", () => {
    const expected = process.env.EXPECTED_ANGULAR_MAJOR;
    if (expected) expect(VERSION.major).toBe(expected);
    expect(Number(VERSION.major)).toBeGreaterThanOrEqual(17);
  });
});

describe("injectSocketEvent", () => {
  it("follows the signal's socket: once per Socket across rotations and a new session's Socket, never twice; off on destroy", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    await session.signIn("mia");
    const app = await startApp();
    const received: string[] = [];
    const { value: chat, destroy } = inContext(app, () => {
      const chat = injectAuthedSocket<ServerToClient, ClientToServer>(fx.seed.url, sessionOptions(session));
      injectSocketEvent(chat.socket, "chat", (message) => void received.push(message.text));
      return chat;
    });
    await until(() => chat.status() === "connected", "connected");
    await stable(app);
    const socket = chat.socket()!;
    expect(socket.listeners("chat")).toHaveLength(1);
    const subscribes = vi.spyOn(socket, "on");
    const chatSubscribes = () => subscribes.mock.calls.filter(([name]) => name === "chat").length;

    fx.seed.io.emit("chat", { from: "server", text: "before" });
    await until(() => received.length === 1, "the first message");

    // 3 s tokens: the core rotates twice, on the same Socket.
    const accepted = fx.seed.accepted.length;
    await until(() => fx.seed.accepted.length >= accepted + 2, "two rotations", 15_000);
    await until(() => chat.status() === "connected", "connected after the rotations");
    await stable(app);
    expect(chat.socket()).toBe(socket);
    expect(socket.listeners("chat")).toHaveLength(1);
    expect(chatSubscribes()).toBe(0);
    subscribes.mockRestore();
    fx.seed.io.emit("chat", { from: "server", text: "after rotations" });
    await until(() => received.length === 2, "the second message");

    // Sign-out: the Socket goes, and so does the listener; another user's new Socket gets exactly one.
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    await stable(app);
    expect(socket.listeners("chat")).toHaveLength(0);
    await session.signIn("ned");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => chat.status() === "connected", "connected as ned");
    await stable(app);
    const next = chat.socket()!;
    expect(next).not.toBe(socket);
    expect(next.listeners("chat")).toHaveLength(1);
    fx.seed.io.emit("chat", { from: "server", text: "for ned" });
    await until(() => received.length === 3, "the third message");
    expect(received).toEqual(["before", "after rotations", "for ned"]);

    // Destroying the context leaves the socket (and closes the connection, made in the same context).
    destroy();
    expect(next.listeners("chat")).toHaveLength(0);
    expect(next.active).toBe(false);
  }, 30_000);

  it("follows any signal of a Socket (a computed of a component input, say), leaving it when the signal is emptied", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ola");
    const app = await startApp();
    const seen: string[] = [];
    const { value: chat } = inContext(app, () => injectAuthedSocket<ServerToClient, ClientToServer>(fx.seed.url, sessionOptions(session)));
    await until(() => chat.status() === "connected", "connected");
    const holder = signal<Socket<ServerToClient, ClientToServer> | undefined>(undefined);
    const listener = inContext(app, () => injectSocketEvent(holder, "count", (n, label) => void seen.push(`${label}${n}`)));
    holder.set(chat.socket());
    await stable(app);
    const socket = chat.socket()!;
    expect(socket.listeners("count")).toHaveLength(1);
    fx.seed.io.emit("count", 1, "n=");
    await until(() => seen.length === 1, "the event");
    holder.set(undefined);
    await stable(app);
    expect(socket.listeners("count")).toHaveLength(0);
    holder.set(socket);
    await stable(app);
    expect(socket.listeners("count")).toHaveLength(1);
    listener.destroy();
    expect(socket.listeners("count")).toHaveLength(0);
    expect(socket.active).toBe(true);
    expect(seen).toEqual(["n=1"]);
  });

  it("outside an injection context it throws NG0203; it is typed from the socket's events", () => {
    expect(() => injectSocketEvent(signal(undefined), "x", () => {})).toThrow(/NG0203/);
    // Type checks only (npm run typecheck): never called.
    const types = (chat: InjectAuthedSocketReturn<ServerToClient, ClientToServer>) => {
      expectTypeOf(chat.socket).toEqualTypeOf<Signal<Socket<ServerToClient, ClientToServer> | undefined>>();
      injectSocketEvent(chat.socket, "chat", (message) => expectTypeOf(message).toEqualTypeOf<{ from: string; text: string }>());
      injectSocketEvent(chat.socket, "count", (n, label) => {
        expectTypeOf(n).toEqualTypeOf<number>();
        expectTypeOf(label).toEqualTypeOf<string>();
      });
      // @ts-expect-error: not a server-to-client event
      injectSocketEvent(chat.socket, "hello", () => {});
      // @ts-expect-error: the handler's argument is a message, not a number
      injectSocketEvent(chat.socket, "chat", (n: number) => n);
      const status: "idle" | "connecting" | "connected" | "refreshing" | "reconnecting" | "unauthenticated" | "closed" = chat.status();
      expectTypeOf(chat.status()).toEqualTypeOf<typeof status>();
      chat.on("status", (s) => expectTypeOf(s).toEqualTypeOf<Exclude<typeof status, "idle">>());
    };
    expect(typeof types).toBe("function");
  });
});
