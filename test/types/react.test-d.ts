import { describe, expectTypeOf, it } from "vitest";
import type { Socket } from "socket.io-client";
import type { AuthedSocketError, AuthedSocketStatus, TokenEvent } from "supertokens-socket";
import {
  useAuthedSocket,
  useAuthedSocketContext,
  useSocketEvent,
  type UseAuthedSocketStatus,
} from "supertokens-socket/react";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
  typing: (who: string, at: number) => void;
}
interface ClientToServer {
  chat: (text: string) => void;
  whoami: (ack: (userId: string) => void) => void;
}

describe("React binding types", () => {
  it("useAuthedSocket carries the event maps to its Socket", () => {
    const { socket, status, error } = useAuthedSocket<ServerToClient, ClientToServer>("http://x", { enabled: false });
    expectTypeOf(socket).toEqualTypeOf<Socket<ServerToClient, ClientToServer> | undefined>();
    expectTypeOf(status).toEqualTypeOf<UseAuthedSocketStatus>();
    expectTypeOf(error).toEqualTypeOf<AuthedSocketError | undefined>();
    socket?.emit("whoami", (userId) => expectTypeOf(userId).toBeString());
    // @ts-expect-error not an option
    useAuthedSocket("http://x", { enabled: "yes" });
  });

  it("useAuthedSocket offers what the handle does: rotate() and the lifecycle events", () => {
    const { rotate, on } = useAuthedSocket("http://x", { signal: new AbortController().signal });
    expectTypeOf(rotate).toEqualTypeOf<() => void>();
    const off = on("token", (event) => expectTypeOf(event).toEqualTypeOf<TokenEvent>());
    expectTypeOf(off).toEqualTypeOf<() => void>();
    on("status", (status) => expectTypeOf(status).toEqualTypeOf<AuthedSocketStatus>());
    // @ts-expect-error not a lifecycle event
    on("chat", () => {});
  });

  it("useSocketEvent types the handler from the socket's server-to-client map", () => {
    const { socket } = useAuthedSocket<ServerToClient, ClientToServer>("http://x");
    useSocketEvent(socket, "chat", (message) => expectTypeOf(message).toEqualTypeOf<{ from: string; text: string }>());
    useSocketEvent(socket, "typing", (who, at) => {
      expectTypeOf(who).toBeString();
      expectTypeOf(at).toBeNumber();
    });
    // @ts-expect-error whoami is client-to-server only
    useSocketEvent(socket, "whoami", () => {});
    // @ts-expect-error wrong payload type
    useSocketEvent(socket, "typing", (who: number) => who);
  });

  it("useAuthedSocketContext takes the event maps from the caller", () => {
    const { socket } = useAuthedSocketContext<ServerToClient, ClientToServer>();
    expectTypeOf(socket).toEqualTypeOf<Socket<ServerToClient, ClientToServer> | undefined>();
  });
});
