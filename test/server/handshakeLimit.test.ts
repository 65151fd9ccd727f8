// A budget of handshakes per token (issue 23): one token cannot make the server verify without end; a fresh token
// has a budget of its own, and the real client comes back by refreshing.
import { describe, expect, it } from "vitest";
import { createAuthedSocket } from "supertokens-socket";
import { HandshakeBudget } from "../../src/server/HandshakeBudget";
import { nextOutcome, openClient } from "../support/authServer";
import { fakeSession } from "../support/fakeSession";
import { useServerFixture } from "../support/serverFixture";
import { connected, until } from "../support/wait";

const fx = useServerFixture();

describe("handshakeLimit", () => {
  it("one token opens `perMinute` sockets, verified; the next handshake is refused unverified; a fresh token is admitted", async () => {
    let verifications = 0;
    const server = await fx.server({ handshakeLimit: { perMinute: 5 }, checkClaims: () => (verifications++, true) });
    const token = await fx.issuer.sign({ sub: "replayer" });
    for (let i = 0; i < 5; i++) {
      const socket = openClient(server.url, { auth: { token }, forceNew: true });
      expect(await nextOutcome(socket)).toMatchObject({ connected: true });
      socket.disconnect();
    }
    const refused = openClient(server.url, { auth: { token }, forceNew: true });
    expect(await nextOutcome(refused)).toMatchObject({ connected: false, data: { code: "HANDSHAKE_LIMIT" } });
    refused.close();
    expect(verifications).toBe(5);
    const fresh = openClient(server.url, { auth: { token: await fx.issuer.sign({ sub: "replayer", lifetimeMs: 120_000 }) }, forceNew: true });
    expect(await nextOutcome(fresh)).toMatchObject({ connected: true });
    fresh.disconnect();
  });

  it("remembers at most 10,000 tokens, however many made-up ones arrive", () => {
    const budget = new HandshakeBudget(60);
    for (let i = 0; i < 25_000; i++) budget.take(`made-up-${i}`);
    expect((budget as unknown as { windows: Map<string, unknown> }).windows.size).toBe(10_000);
  });

  it("a real client whose connection drops and whose token has had its share refreshes, and is admitted again", async () => {
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    await session.signIn("dropped");
    const server = await fx.server({ handshakeLimit: { perMinute: 1 } });
    const handle = await createAuthedSocket(server.url, { ...session, transports: ["websocket"] });
    try {
      await connected(handle);
      const first = handle.socket.id;
      const refreshes = session.refreshes;
      // A network drop (the transport closed under it): it reconnects with the same token, refused, then refreshes.
      server.io.of("/").sockets.get(first!)!.conn.close();
      await until(() => handle.status === "connected" && handle.socket.id !== first, "the handle to be connected again");
      expect(session.refreshes).toBeGreaterThan(refreshes);
    } finally {
      handle.close();
    }
  });
});
