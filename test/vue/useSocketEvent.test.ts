// @vitest-environment jsdom
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { defineComponent, effectScope, h, nextTick, ref, shallowRef } from "vue";
import type { Socket } from "socket.io-client";
import { handleSessionEvent } from "supertokens-socket";
import { useAuthedSocket, useSocketEvent } from "supertokens-socket/vue";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";
import { mount } from "./support";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
  count: (n: number, label: string) => void;
}
interface ClientToServer {
  hello: (text: string) => void;
}

const fx = useFixture({ seed: true });
const scopes: (() => void)[] = [];
afterEach(async () => {
  scopes.splice(0).forEach((stop) => stop());
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

describe("useSocketEvent", () => {
  it("follows the socket ref: once per Socket across rotations and a new session's Socket, never twice; off on unmount", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    await session.signIn("mia");
    const received: string[] = [];
    let chat!: ReturnType<typeof useAuthedSocket<ServerToClient, ClientToServer>>;
    const Room = defineComponent({
      setup() {
        chat = useAuthedSocket<ServerToClient, ClientToServer>(fx.seed.url, sessionOptions(session));
        useSocketEvent(chat.socket, "chat", (message) => void received.push(message.text));
        return () => h("p", received.join());
      },
    });
    const app = mount(Room);
    await until(() => chat.status.value === "connected", "connected");
    const socket = chat.socket.value!;
    expect(socket.listeners("chat")).toHaveLength(1);
    const subscribes = vi.spyOn(socket, "on");
    const chatSubscribes = () => subscribes.mock.calls.filter(([name]) => name === "chat").length;
    fx.seed.io.emit("chat", { from: "server", text: "before" });
    await until(() => received.length === 1, "the first message");

    // 3 s tokens: the core rotates twice, on the same Socket (each rotation changes the status ref).
    const accepted = fx.seed.accepted.length;
    await until(() => fx.seed.accepted.length >= accepted + 2, "two rotations", 15_000);
    await until(() => chat.status.value === "connected", "connected after the rotations");
    expect(chat.socket.value).toBe(socket);
    expect(socket.listeners("chat")).toHaveLength(1);
    expect(chatSubscribes()).toBe(0);
    subscribes.mockRestore();
    fx.seed.io.emit("chat", { from: "server", text: "after rotations" });
    await until(() => received.length === 2, "the second message");

    // Sign-out: the Socket goes, and so does the listener; another user's new Socket gets exactly one.
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(chat.socket.value).toBeUndefined();
    expect(socket.listeners("chat")).toHaveLength(0);
    await session.signIn("ned");
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => chat.status.value === "connected", "connected as ned");
    const next = chat.socket.value!;
    expect(next).not.toBe(socket);
    expect(next.listeners("chat")).toHaveLength(1);
    fx.seed.io.emit("chat", { from: "server", text: "for ned" });
    await until(() => received.length === 3, "the third message");
    expect(received).toEqual(["before", "after rotations", "for ned"]);

    app.unmount();
    expect(next.listeners("chat")).toHaveLength(0);
  }, 30_000);

  it("a getter or a plain value; a handler ref: the latest handler is called without resubscribing; off on scope stop", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ola");
    const counter = countingIo();
    const scope = effectScope();
    scopes.push(() => scope.stop());
    const seen: string[] = [];
    const handler = shallowRef((n: number, label: string) => void seen.push(`first ${label}${n}`));
    const { chat, plain } = scope.run(() => {
      const chat = useAuthedSocket<ServerToClient, ClientToServer>(fx.seed.url, { ...sessionOptions(session), io: counter.io });
      useSocketEvent(() => chat.socket.value, "count", handler);
      const plain = ref<Socket<ServerToClient, ClientToServer>>();
      return { chat, plain };
    })!;
    await until(() => chat.status.value === "connected", "connected");
    const socket = chat.socket.value!;
    // A plain Socket value, in an inner scope of its own.
    const inner = effectScope();
    inner.run(() => useSocketEvent(socket, "count", (n) => void seen.push(`plain ${n}`)));
    expect(socket.listeners("count")).toHaveLength(2);
    fx.seed.io.emit("count", 1, "n=");
    await until(() => seen.length === 2, "both heard it");
    inner.stop();
    expect(socket.listeners("count")).toHaveLength(1);

    const subscribes = vi.spyOn(socket, "on");
    handler.value = (n, label) => void seen.push(`second ${label}${n}`);
    await nextTick();
    fx.seed.io.emit("count", 2, "n=");
    await until(() => seen.length === 3, "the new handler heard it");
    expect(seen).toEqual(["first n=1", "plain 1", "second n=2"]);
    expect(subscribes).not.toHaveBeenCalled();
    expect(socket.listeners("count")).toHaveLength(1);
    expect(plain.value).toBeUndefined();

    scope.stop();
    expect(socket.listeners("count")).toHaveLength(0);
    expect(socket.active).toBe(false);
  });

  it("is typed from the socket's events", () => {
    // Type checks only (npm run typecheck): never called.
    const types = () => {
      const { socket } = useAuthedSocket<ServerToClient, ClientToServer>("http://127.0.0.1:1");
      expectTypeOf(socket.value).toEqualTypeOf<Socket<ServerToClient, ClientToServer> | undefined>();
      useSocketEvent(socket, "chat", (message) => expectTypeOf(message).toEqualTypeOf<{ from: string; text: string }>());
      useSocketEvent(() => socket.value, "count", (n, label) => {
        expectTypeOf(n).toEqualTypeOf<number>();
        expectTypeOf(label).toEqualTypeOf<string>();
      });
      // @ts-expect-error: not a server-to-client event
      useSocketEvent(socket, "hello", () => {});
      // @ts-expect-error: the handler's argument is a message, not a number
      useSocketEvent(socket, "chat", (n: number) => n);
    };
    expect(typeof types).toBe("function");
  });
});
