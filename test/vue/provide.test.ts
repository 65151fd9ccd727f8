// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { defineComponent, effectScope, h, ref } from "vue";
import { AuthedSocketError, isAuthedSocketError } from "supertokens-socket";
import { injectAuthedSocket, provideAuthedSocket, useSocketEvent } from "supertokens-socket/vue";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";
import { mount, statuses } from "./support";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
}

const fx = useFixture({ seed: true });
afterEach(async () => {
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

/** A descendant: the provided connection, its status and the chat messages it heard. */
const Reader = defineComponent({
  setup() {
    const chat = injectAuthedSocket<ServerToClient>();
    const messages = ref<string[]>([]);
    useSocketEvent(chat.socket, "chat", ({ text }) => void messages.value.push(text));
    return () => h("p", { class: "reader", "data-status": chat.status.value, "data-id": chat.socket.value?.id ?? "" }, messages.value.join());
  },
});
/** Puts its child one level further down (inject reaches any depth). */
const Wrapper = defineComponent({ setup: (_props, { slots }) => () => h("div", slots.default?.()) });

describe("provideAuthedSocket / injectAuthedSocket", () => {
  it("a parent's provide and three descendants' inject share ONE connection; each hears an event once; the parent's unmount closes it", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("pia");
    const counter = countingIo();
    const handshakes = fx.seed.handshakes;
    const readers = ref(3);
    const Parent = defineComponent({
      setup() {
        const chat = provideAuthedSocket<ServerToClient>(fx.seed.url, { ...sessionOptions(session), io: counter.io });
        return () =>
          h("section", { "data-status": chat.status.value }, [
            ...Array.from({ length: readers.value - 1 }, () => h(Reader)),
            h(Wrapper, null, { default: () => [h(Reader)] }),
          ]);
      },
    });
    const app = mount(Parent);
    await until(() => statuses(app.el, ".reader").join() === "connected,connected,connected", "all connected");
    expect(counter.created).toHaveLength(1);
    expect(fx.seed.handshakes - handshakes).toBe(1);
    const ids = [...app.el.querySelectorAll(".reader")].map((p) => p.getAttribute("data-id"));
    expect(new Set(ids)).toEqual(new Set([counter.created[0]!.id]));
    fx.seed.io.emit("chat", { from: "server", text: "hi" });
    await until(() => [...app.el.querySelectorAll(".reader")].every((p) => p.textContent === "hi"), "each heard it once");

    // A descendant's unmount leaves the shared connection open.
    readers.value = 2;
    await until(() => app.el.querySelectorAll(".reader").length === 2, "one reader fewer");
    expect(counter.created[0]!.active).toBe(true);
    expect(counter.created[0]!.listeners("chat")).toHaveLength(2);
    app.unmount();
    expect(counter.created[0]!.active).toBe(false);
  });

  it("without a provider, injectAuthedSocket throws an AuthedSocketError (INVALID_OPTIONS) naming provideAuthedSocket, in a component and outside setup()", () => {
    let thrown: unknown;
    const Orphan = defineComponent({
      setup() {
        try {
          injectAuthedSocket();
        } catch (error) {
          thrown = error;
        }
        return () => h("p");
      },
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      mount(Orphan);
      expect(thrown).toBeInstanceOf(AuthedSocketError);
      expect(isAuthedSocketError(thrown) && thrown.code).toBe("INVALID_OPTIONS");
      expect((thrown as Error).message).toMatch(/provideAuthedSocket/);
      // Outside any setup(): the same error, and no Vue warning (inject is not even tried).
      const outside = (() => {
        try {
          effectScope().run(() => injectAuthedSocket());
        } catch (error) {
          return error;
        }
      })();
      expect(isAuthedSocketError(outside) && outside.code).toBe("INVALID_OPTIONS");
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
