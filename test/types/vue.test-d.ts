import { describe, expectTypeOf, it } from "vitest";
import { ref, type Ref } from "vue";
import type { Socket } from "socket.io-client";
import type { AuthedSocketError, AuthedSocketStatus, TokenEvent } from "supertokens-socket";
import {
  injectAuthedSocket,
  provideAuthedSocket,
  useAuthedSocket,
  useSocketEvent,
  type UseAuthedSocketOptions,
  type UseAuthedSocketStatus,
} from "supertokens-socket/vue";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
  typing: (who: string, at: number) => void;
}
interface ClientToServer {
  chat: (text: string) => void;
  whoami: (ack: (userId: string) => void) => void;
}

describe("Vue binding types", () => {
  it("useAuthedSocket: url and options as values, refs or getters; read-only refs typed from the event maps", () => {
    const { socket, status, error } = useAuthedSocket<ServerToClient, ClientToServer>("http://x", { enabled: false });
    expectTypeOf(socket.value).toEqualTypeOf<Socket<ServerToClient, ClientToServer> | undefined>();
    expectTypeOf(status.value).toEqualTypeOf<UseAuthedSocketStatus>();
    expectTypeOf(error.value).toEqualTypeOf<AuthedSocketError | undefined>();
    socket.value?.emit("whoami", (userId) => expectTypeOf(userId).toBeString());
    // @ts-expect-error read-only
    status.value = "idle";
    useAuthedSocket(ref("http://x"), ref<UseAuthedSocketOptions>({ enabled: true }));
    useAuthedSocket(() => "http://x", () => ({ query: { room: "a" } }));
    // @ts-expect-error not an option
    useAuthedSocket("http://x", { enabled: "yes" });
    // @ts-expect-error the url is a string
    useAuthedSocket(ref(1));
  });

  it("rotate() and the lifecycle events", () => {
    const { rotate, on } = useAuthedSocket("http://x");
    expectTypeOf(rotate).toEqualTypeOf<() => void>();
    const off = on("token", (event) => expectTypeOf(event).toEqualTypeOf<TokenEvent>());
    expectTypeOf(off).toEqualTypeOf<() => void>();
    on("status", (status) => expectTypeOf(status).toEqualTypeOf<AuthedSocketStatus>());
    // @ts-expect-error not a lifecycle event
    on("chat", () => {});
  });

  it("useSocketEvent types the handler from the socket's server-to-client map (ref, getter, value; handler ref)", () => {
    const { socket } = useAuthedSocket<ServerToClient, ClientToServer>("http://x");
    useSocketEvent(socket, "chat", (message) => expectTypeOf(message).toEqualTypeOf<{ from: string; text: string }>());
    useSocketEvent(() => socket.value, "typing", (who, at) => {
      expectTypeOf(who).toBeString();
      expectTypeOf(at).toBeNumber();
    });
    useSocketEvent(socket.value, "chat", () => {});
    const handler: Ref<(who: string, at: number) => void> = ref(() => {});
    useSocketEvent(socket, "typing", handler);
    // @ts-expect-error whoami is client-to-server only
    useSocketEvent(socket, "whoami", () => {});
    // @ts-expect-error wrong payload type
    useSocketEvent(socket, "typing", (who: number) => who);
  });

  it("provide/inject: the provider's maps from its call, the injector's from the caller", () => {
    const provided = provideAuthedSocket<ServerToClient, ClientToServer>("http://x");
    expectTypeOf(provided.socket.value).toEqualTypeOf<Socket<ServerToClient, ClientToServer> | undefined>();
    const { socket } = injectAuthedSocket<ServerToClient, ClientToServer>();
    expectTypeOf(socket.value).toEqualTypeOf<Socket<ServerToClient, ClientToServer> | undefined>();
  });
});
