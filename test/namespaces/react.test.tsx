// @vitest-environment jsdom
// Requirement 8 of "several namespaces on one connection": the React hook and followSession with two namespaces.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { followSession, handleSessionEvent, type SessionSocket } from "supertokens-socket";
import { useAuthedSocket } from "supertokens-socket/react";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { namespaceServer, sessionOptions, signedIn, STYLES } from "./support";

const fx = useFixture();
afterEach(() => cleanup());

const sockets: Record<string, Socket | undefined> = {};

function Room({ url, nsp, options }: { url: string; nsp: string; options: ReturnType<typeof sessionOptions> }) {
  const { socket, status } = useAuthedSocket(`${url}${nsp}`, options);
  sockets[nsp] = socket;
  return <p data-testid={nsp}>{status}</p>;
}

describe.each(STYLES)("against %s on every namespace", (style) => {
  it("useAuthedSocket in two components, on /chat and /news: one Manager, one engine connection", async () => {
    const server = await namespaceServer(fx, { style });
    const session = await signedIn(fx, `hook-${style}`);
    const options = sessionOptions(session);
    render(
      <>
        <Room url={server.url} nsp="/chat" options={options} />
        <Room url={server.url} nsp="/news" options={options} />
      </>,
      { reactStrictMode: true },
    );
    await waitFor(() => expect(screen.getByTestId("/chat").textContent).toBe("connected"), { timeout: 5_000 });
    await waitFor(() => expect(screen.getByTestId("/news").textContent).toBe("connected"), { timeout: 5_000 });
    expect(sockets["/chat"]!.io === sockets["/news"]!.io).toBe(true);
    expect(server.enginesMade).toBe(1);
    expect(server.sockets("/chat")).toHaveLength(1);
    expect(server.sockets("/news")).toHaveLength(1);
    cleanup();
    await until(() => server.enginesOpen === 0, "the engine connection to close with both components");
  });

  it("followSession on two namespaces: one connection per session, a new one after sign-out and sign-in", async () => {
    const server = await namespaceServer(fx, { style });
    const session = await signedIn(fx, `follow-${style}`);
    const followers = ["/chat", "/news"].map((nsp) => fx.track(followSession(`${server.url}${nsp}`, sessionOptions(session))));
    const status = (f: SessionSocket) => f.getSnapshot().status;
    const managers = () => new Set(followers.map((f) => f.getSnapshot().socket?.io));
    await until(() => followers.every((f) => status(f) === "connected"), "both followers connected");
    const first = [...managers()];
    expect(first).toHaveLength(1);
    expect(server.enginesMade).toBe(1);

    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    expect(followers.map(status)).toEqual(["unauthenticated", "unauthenticated"]);
    await until(() => server.enginesOpen === 0, "the engine connection to close");

    await session.signIn(`follow-${style}-2`);
    handleSessionEvent({ action: "SESSION_CREATED" });
    await until(() => followers.every((f) => status(f) === "connected"), "both followers back");
    const second = [...managers()];
    expect(second).toHaveLength(1);
    expect(second[0] === first[0]).toBe(false);
    expect(server.enginesMade).toBe(2);
  });
});
