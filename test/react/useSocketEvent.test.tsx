// @vitest-environment jsdom
import { useState } from "react";
import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Socket } from "socket.io-client";
import { useAuthedSocket, useSocketEvent, type UseAuthedSocketResult } from "supertokens-socket/react";
import { fakeSession } from "../support/fakeSession";
import { serverSockets, sessionOptions } from "./support";
import { useFixture } from "../support/fixture";

interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
}
type ClientToServer = Record<string, never>;

const fx = useFixture({ seed: true });
afterEach(async () => {
  cleanup();
  await waitFor(() => expect(serverSockets(fx.seed)).toBe(0));
});

describe("useSocketEvent", () => {
  it("keeps receiving through token rotations, calling the latest handler, subscribed once", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 3_000 });
    await session.signIn("mia");
    const options = sessionOptions(session);
    let connection: UseAuthedSocketResult<ServerToClient, ClientToServer> | undefined;
    const received: string[] = [];

    function Chat() {
      connection = useAuthedSocket<ServerToClient, ClientToServer>(fx.seed.url, options);
      const [count, setCount] = useState(0);
      // A new handler on every render, which reads this render's state: only the latest one may be called.
      useSocketEvent(connection.socket, "chat", (message) => {
        received.push(`${count}:${message.text}`);
        setCount(count + 1);
      });
      return <p data-testid="status">{`${connection.status} ${count}`}</p>;
    }

    render(<Chat />, { reactStrictMode: true });
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("connected 0"));
    const socket = connection!.socket!;
    const accepted = fx.seed.accepted.length;

    act(() => {
      fx.seed.io.emit("chat", { from: "server", text: "before" });
    });
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("connected 1"));

    // The core rotates a 3 s token by reconnecting the same Socket with a fresh one: twice here.
    await waitFor(() => expect(fx.seed.accepted.length).toBeGreaterThanOrEqual(accepted + 2), { timeout: 15_000 });
    await waitFor(() => expect(connection!.status).toBe("connected"));
    expect(connection!.socket).toBe(socket);

    act(() => {
      fx.seed.io.emit("chat", { from: "server", text: "after" });
    });
    await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("connected 2"));
    expect(received).toEqual(["0:before", "1:after"]);
    expect(socket.listeners("chat")).toHaveLength(1);
    expect(session.refreshes).toBeGreaterThanOrEqual(2);
  });

  it("unsubscribes when the socket changes and on unmount", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("ned");
    const { result: authed } = renderHook(() =>
      useAuthedSocket<ServerToClient, ClientToServer>(fx.seed.url, sessionOptions(session)),
    );
    await waitFor(() => expect(authed.current.status).toBe("connected"));
    const socket = authed.current.socket!;
    const seen: string[] = [];

    const subscribes = vi.spyOn(socket, "on");
    type Props = { target: Socket<ServerToClient, ClientToServer> | undefined };
    const { rerender, unmount } = renderHook(
      ({ target }: Props) => useSocketEvent(target, "chat", (message) => seen.push(message.text)),
      { initialProps: { target: socket } as Props, reactStrictMode: true },
    );
    expect(socket.listeners("chat")).toHaveLength(1);
    const calls = subscribes.mock.calls.length;
    rerender({ target: socket });
    rerender({ target: socket });
    expect(subscribes.mock.calls.length).toBe(calls); // new handlers, same subscription
    rerender({ target: undefined });
    expect(socket.listeners("chat")).toHaveLength(0);
    rerender({ target: socket });
    expect(socket.listeners("chat")).toHaveLength(1);
    unmount();
    expect(socket.listeners("chat")).toHaveLength(0);
    subscribes.mockRestore();
  });
});
