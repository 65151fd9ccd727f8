// @vitest-environment jsdom
// What the handle offers, the hook offers too (issue 12, defect 7).
import { useEffect } from "react";
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleSessionEvent, type AuthedSocketStatus, type TokenEvent } from "supertokens-socket";
import { useAuthedSocket } from "supertokens-socket/react";
import { startIssuer, type Issuer } from "../support/jwks";
import { startSeedServer, type SeedServer } from "../support/seedServer";
import { fakeSession } from "../support/fakeSession";
import { countingIo, serverSockets, sessionOptions } from "./support";

let issuer: Issuer;
let server: SeedServer;

beforeAll(async () => {
  issuer = await startIssuer();
  server = await startSeedServer(issuer.jwksUri);
});
afterAll(async () => {
  await server.close();
  await issuer.close();
});
afterEach(async () => {
  cleanup();
  await waitFor(() => expect(serverSockets(server)).toBe(0));
});

const strict = { reactStrictMode: true } as const;

describe("useAuthedSocket: rotate() and the lifecycle events", () => {
  it("rotate() rotates the live handle, and on() hears its events across a sign-out and the next sign-in", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 60_000 });
    await session.signIn("ora");
    const tokens: TokenEvent[] = [];
    const statuses: AuthedSocketStatus[] = [];
    const { result } = renderHook(() => {
      const authed = useAuthedSocket(server.url, sessionOptions(session));
      const { on } = authed;
      useEffect(() => on("token", (e) => tokens.push(e)), [on]);
      useEffect(() => on("status", (s) => statuses.push(s)), [on]);
      return authed;
    }, strict);
    await waitFor(() => expect(result.current.status).toBe("connected"));
    await waitFor(() => expect(tokens).toHaveLength(1));

    act(() => result.current.rotate());
    await waitFor(() => expect(tokens).toHaveLength(2));
    expect(session.refreshes).toBe(1);
    expect(server.accepted.at(-1)?.token).toBe(session.token);

    session.signOut();
    act(() => handleSessionEvent({ action: "SIGN_OUT" }));
    expect(statuses.at(-1)).toBe("unauthenticated");
    await session.signIn("ora");
    act(() => handleSessionEvent({ action: "SESSION_CREATED" }));
    await waitFor(() => expect(result.current.status).toBe("connected"));
    // The next session's handle: its first token reached the same listener.
    await waitFor(() => expect(tokens).toHaveLength(3));
    expect(statuses.at(-1)).toBe("connected");
  });

  it("rotate() and on() are stable while the connection lasts, and harmless before a handle exists", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 60_000 });
    const { result } = renderHook(() => useAuthedSocket(server.url, sessionOptions(session)));
    expect(() => result.current.rotate()).not.toThrow();
    expect(result.current.on("token", () => {})).toEqual(expect.any(Function));
    await waitFor(() => expect(result.current.status).toBe("unauthenticated"));
    const { rotate, on } = result.current;
    await session.signIn("pat");
    act(() => handleSessionEvent({ action: "SESSION_CREATED" }));
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(result.current.rotate).toBe(rotate);
    expect(result.current.on).toBe(on);
  });

  it("unmounting during a start cancels it (its signal): no socket is even created", async () => {
    const session = fakeSession(issuer, { lifetimeMs: 60_000 });
    await session.signIn("quo");
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    const getAccessToken = async () => {
      asked = true;
      await gate;
      return session.getAccessToken();
    };
    const handshakes = server.handshakes;
    const counter = countingIo();
    const { unmount } = renderHook(() =>
      useAuthedSocket(server.url, { getAccessToken, attemptRefreshingSession: session.attemptRefreshingSession, io: counter.io }),
    );
    await waitFor(() => expect(asked).toBe(true));
    unmount();
    release();
    // A second hook that does connect proves the first one's start would have had the time to open.
    const { result } = renderHook(() => useAuthedSocket(server.url, sessionOptions(session)));
    await waitFor(() => expect(result.current.status).toBe("connected"));
    expect(server.handshakes - handshakes).toBe(1);
    expect(counter.created).toHaveLength(0);
  });
});
