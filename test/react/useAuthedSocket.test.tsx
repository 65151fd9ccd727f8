// @vitest-environment jsdom
import { StrictMode } from "react";
import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleSessionEvent, NotLoggedInError } from "supertokens-socket";
import {
  AuthedSocketProvider,
  useAuthedSocket,
  useAuthedSocketContext,
  type UseAuthedSocketOptions,
} from "supertokens-socket/react";
import { browserSignals } from "../../src/platform/browserSignals";
import { startIssuer, type Issuer } from "../support/jwks";
import { startSeedServer, type SeedServer } from "../support/seedServer";
import { fakeSession } from "../support/fakeSession";
import { countingIo, lastAcceptedSub, serverSockets, sessionOptions } from "./support";

let issuer: Issuer;
let server: SeedServer;
let other: SeedServer;

beforeAll(async () => {
  issuer = await startIssuer();
  server = await startSeedServer(issuer.jwksUri);
  other = await startSeedServer(issuer.jwksUri);
});
afterAll(async () => {
  await server.close();
  await other.close();
  await issuer.close();
});
afterEach(async () => {
  cleanup();
  await waitFor(() => expect(serverSockets(server) + serverSockets(other)).toBe(0));
});

// RTL's own option: a <StrictMode> passed as `wrapper` does not double-invoke effects under React 19.
const strict = { reactStrictMode: true } as const;

async function signedIn(name: string, lifetimeMs = 60_000) {
  const session = fakeSession(issuer, { lifetimeMs });
  await session.signIn(name);
  return session;
}

describe("one connection per mounted hook", () => {
  it("opens exactly one connection under StrictMode's double mount", async () => {
    const session = await signedIn("ada");
    const counter = countingIo();
    const handshakes = server.handshakes;
    const { result } = renderHook(() => useAuthedSocket(server.url, { ...sessionOptions(session), io: counter.io }), strict);
    expect(result.current.status).toBe("connecting");
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(result.current.socket).toBe(counter.created[0]);
    expect(result.current.error).toBeUndefined();
    expect(counter.created).toHaveLength(1);
    expect(server.handshakes - handshakes).toBe(1);
    expect(serverSockets(server)).toBe(1);
  });

  it("closes its connection on unmount, leaving no connection or session registration", async () => {
    const session = await signedIn("ben");
    const signals = browserSignals.listenerCount();
    const { result, unmount } = renderHook(() => useAuthedSocket(server.url, sessionOptions(session)), strict);
    await waitFor(() => expect(result.current.status).toBe("connected"));
    const socket = result.current.socket!;
    unmount();
    expect(socket.active).toBe(false);
    await waitFor(() => expect(serverSockets(server)).toBe(0));
    expect(browserSignals.listenerCount()).toBe(signals);
  });

  it("opens nothing while enabled is false, connects when enabled, closes when disabled again", async () => {
    const session = await signedIn("dee");
    const counter = countingIo();
    let reads = 0;
    const getAccessToken = () => {
      reads++;
      return session.getAccessToken();
    };
    const { result, rerender } = renderHook(
      ({ enabled }: { enabled: boolean }) =>
        useAuthedSocket(server.url, { ...sessionOptions(session), getAccessToken, io: counter.io, enabled }),
      { ...strict, initialProps: { enabled: false } },
    );
    await act(async () => {});
    expect(result.current).toMatchObject({ status: "idle", socket: undefined, error: undefined });
    expect(reads).toBe(0);
    expect(counter.created).toHaveLength(0);

    rerender({ enabled: true });
    await waitFor(() => expect(result.current.status).toBe("connected"));
    const socket = result.current.socket!;
    rerender({ enabled: false });
    expect(result.current.status).toBe("idle");
    expect(socket.active).toBe(false);
    await waitFor(() => expect(serverSockets(server)).toBe(0));
  });
});

describe("what replaces the connection", () => {
  it("a new url: the old connection is closed before the new one opens", async () => {
    const session = await signedIn("eve");
    const counter = countingIo();
    const { result, rerender } = renderHook(
      ({ url }: { url: string }) => useAuthedSocket(url, { ...sessionOptions(session), io: counter.io }),
      { ...strict, initialProps: { url: server.url } },
    );
    await waitFor(() => expect(result.current.status).toBe("connected"));
    const first = result.current.socket;

    rerender({ url: other.url });
    expect(result.current.socket).toBeUndefined(); // never the old url's socket, not even for one render
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(result.current.socket).not.toBe(first);
    expect(counter.activeBefore[1]).toEqual([false]);
    await waitFor(() => expect(serverSockets(server)).toBe(0));
    expect(serverSockets(other)).toBe(1);
  });

  it("a new options object with the same values does not reconnect; a changed value does", async () => {
    const session = await signedIn("fay");
    const counter = countingIo();
    const handshakes = server.handshakes;
    const options = (room: string): UseAuthedSocketOptions => ({
      // New functions on every render, as inline arrows are: compared by neither identity nor value.
      getAccessToken: () => session.getAccessToken(),
      attemptRefreshingSession: () => session.attemptRefreshingSession(),
      io: counter.io,
      query: { room, tags: ["a", "b"] },
      transports: ["websocket"],
    });
    const { result, rerender } = renderHook(({ room }: { room: string }) => useAuthedSocket(server.url, options(room)), {
      ...strict,
      initialProps: { room: "lobby" },
    });
    await waitFor(() => expect(result.current.status).toBe("connected"));
    const first = result.current.socket;

    rerender({ room: "lobby" });
    rerender({ room: "lobby" });
    expect(result.current.socket).toBe(first);

    // A real change reconnects: once it has, the equal re-renders before it are known to have created nothing.
    rerender({ room: "kitchen" });
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(result.current.socket).not.toBe(first);
    expect(counter.created).toHaveLength(2);
    expect(server.handshakes - handshakes).toBe(2);
    const [serverSocket] = await server.io.fetchSockets();
    expect(serverSocket!.handshake.query.room).toBe("kitchen");
  });
});

describe("following the session", () => {
  it("releases the socket on sign-out, then reconnects by itself, on a new socket, at sign-in", async () => {
    const session = await signedIn("gus");
    const { result } = renderHook(() => useAuthedSocket(server.url, sessionOptions(session)), strict);
    await waitFor(() => expect(result.current.status).toBe("connected"));
    const first = result.current.socket!;

    session.signOut();
    act(() => handleSessionEvent({ action: "SIGN_OUT" }));
    expect(result.current.status).toBe("unauthenticated");
    expect(result.current.socket).toBeUndefined();
    expect(result.current.error).toBeInstanceOf(NotLoggedInError);
    expect(first.active).toBe(false);
    await waitFor(() => expect(serverSockets(server)).toBe(0));

    await session.signIn("gus");
    act(() => handleSessionEvent({ action: "SESSION_CREATED" }));
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(result.current.socket).not.toBe(first);
    expect(result.current.error).toBeUndefined();
    expect(serverSockets(server)).toBe(1);
  });

  it("starts unauthenticated without a session, and connects when a focus finds one (another tab signed in)", async () => {
    const session = fakeSession(issuer);
    const counter = countingIo();
    const { result } = renderHook(() => useAuthedSocket(server.url, { ...sessionOptions(session), io: counter.io }), strict);
    await waitFor(() => expect(result.current.status).toBe("unauthenticated"));
    expect(result.current.error).toBeInstanceOf(NotLoggedInError);
    expect(result.current.socket).toBeUndefined();
    expect(counter.created).toHaveLength(0);

    await session.signIn("hal");
    act(() => {
      window.dispatchEvent(new Event("focus"));
    });
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(counter.created).toHaveLength(1);
  });

  it("moves to a new socket when another user signs in, never carrying the old one across", async () => {
    const session = await signedIn("ivy");
    const { result } = renderHook(() => useAuthedSocket(server.url, sessionOptions(session)), strict);
    await waitFor(() => expect(result.current.status).toBe("connected"));
    const first = result.current.socket!;
    expect(lastAcceptedSub(server)).toBe("ivy");

    await session.signIn("jon");
    act(() => handleSessionEvent({ action: "SESSION_CREATED" }));
    await waitFor(() => expect(result.current.socket).not.toBe(first));
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(first.active).toBe(false);
    expect(lastAcceptedSub(server)).toBe("jon");
    await waitFor(() => expect(serverSockets(server)).toBe(1));
  });

  it("says closed, with the error, when the start fails for a reason other than no session", async () => {
    const session = await signedIn("kim");
    session.exposed = false;
    const { result } = renderHook(() => useAuthedSocket(server.url, sessionOptions(session)), strict);
    await waitFor(() => expect(result.current.status).toBe("closed"));
    expect(result.current.error?.code).toBe("TOKEN_NOT_EXPOSED");

    session.exposed = true;
    act(() => handleSessionEvent({ action: "REFRESH_SESSION" }));
    await waitFor(() => expect(result.current.status).toBe("connected"));
  });
});

describe("AuthedSocketProvider", () => {
  it("shares one connection with every component below it", async () => {
    const session = await signedIn("lou");
    const counter = countingIo();
    const Status = ({ id }: { id: string }) => {
      const { status, socket } = useAuthedSocketContext();
      return <p data-testid={id}>{`${status}:${socket?.id ?? "-"}`}</p>;
    };
    render(
      <StrictMode>
        <AuthedSocketProvider url={server.url} options={{ ...sessionOptions(session), io: counter.io }}>
          <Status id="a" />
          <Status id="b" />
        </AuthedSocketProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId("a").textContent).toMatch(/^connected:/));
    expect(screen.getByTestId("b").textContent).toBe(screen.getByTestId("a").textContent);
    expect(counter.created).toHaveLength(1);
  });

  it("useAuthedSocketContext throws outside a provider", () => {
    expect(() => renderHook(() => useAuthedSocketContext())).toThrow(/AuthedSocketProvider/);
  });
});
