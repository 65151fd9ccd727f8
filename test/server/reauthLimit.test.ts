// Bounded work per socket (issue 23): a socket that floods in-place hand-overs costs a bounded number of verifications
// and is cut off with REAUTH_LIMIT; a well-behaved socket beside it is untouched.
import { describe, expect, it, vi } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { REAUTH_EVENT, type ReauthAck } from "../../src/core/protocol";
import { nextEvent } from "../support/authServer";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

const reauth = (socket: ClientSocket, request: unknown) =>
  socket.timeout(5000).emitWithAck(REAUTH_EVENT, request) as Promise<ReauthAck>;

/** A server whose every verification that passes the signature is counted (a claim check that admits all). */
async function countingServer(options: Parameters<typeof fx.server>[0] = {}) {
  let verifications = 0;
  const server = await fx.server({ ...options, checkClaims: () => (verifications++, true) });
  return { ...server, verifications: () => verifications };
}

describe("reauthLimit", () => {
  it("a flood of 5,000 valid hand-overs, none awaited: one verification in flight, then REAUTH_LIMIT and a disconnect", async () => {
    const server = await countingServer();
    const socket = await fx.connect(server.url, { auth: { token: await fx.issuer.sign({ sub: "flood" }) } });
    const admitted = server.verifications();
    const fresh = await fx.issuer.sign({ sub: "flood", lifetimeMs: 120_000 });
    const answers: Promise<unknown>[] = [];
    const gone = nextEvent<[string]>(socket, "disconnect", 5000);
    for (let i = 0; i < 5000; i++) answers.push(socket.timeout(5000).emitWithAck(REAUTH_EVENT, { token: fresh }).catch((e: Error) => e.message));
    expect((await gone)[0]).toBe("io server disconnect");
    const settled = await Promise.all(answers);
    expect(settled.filter((a) => (a as { code?: string }).code === "REAUTH_LIMIT")).toHaveLength(1);
    // The one in flight was verified; nothing after it.
    expect(server.verifications() - admitted).toBeLessThanOrEqual(1);
  });

  it("awaited one by one, garbage or valid: `burst` verifications, then REAUTH_LIMIT and a disconnect", async () => {
    const server = await countingServer({ reauthLimit: { burst: 3, perMinute: 0 } });
    const socket = await fx.connect(server.url, { auth: { token: await fx.issuer.sign({ sub: "steady" }) } });
    const admitted = server.verifications();
    const fresh = await fx.issuer.sign({ sub: "steady", lifetimeMs: 120_000 });
    expect(await reauth(socket, { token: fresh })).toMatchObject({ ok: true });
    expect(await reauth(socket, { token: "garbage" })).toMatchObject({ ok: false, code: "TOKEN_INVALID" });
    expect(await reauth(socket, { token: fresh })).toMatchObject({ ok: true });
    const gone = nextEvent<[string]>(socket, "disconnect", 5000);
    expect(await reauth(socket, { token: fresh })).toEqual({ ok: false, code: "REAUTH_LIMIT", message: "Authentication error" });
    expect((await gone)[0]).toBe("io server disconnect");
    expect(server.verifications() - admitted).toBe(2);
  });

  it("hand-overs without an ack count too (no verification), and a socket beside the flooder keeps its service", async () => {
    const server = await countingServer();
    const flooder = await fx.connect(server.url, { auth: { token: await fx.issuer.sign({ sub: "noack" }) } });
    const neighbour = await fx.connect(server.url, { auth: { token: await fx.issuer.sign({ sub: "neighbour" }) } });
    const admitted = server.verifications();
    const gone = nextEvent<[string]>(flooder, "disconnect", 5000);
    for (let i = 0; i < 5000; i++) flooder.emit(REAUTH_EVENT, { token: "x" });
    expect((await gone)[0]).toBe("io server disconnect");
    expect(server.verifications()).toBe(admitted);
    const fresh = await fx.issuer.sign({ sub: "neighbour", lifetimeMs: 120_000 });
    expect(await reauth(neighbour, { token: fresh })).toMatchObject({ ok: true });
    expect(neighbour.connected).toBe(true);
  });

  it("the budget refills at its rate: a client that asks once per token never meets it", async () => {
    const server = await countingServer({ reauthLimit: { burst: 1, perMinute: 60 } });
    const socket = await fx.connect(server.url, { auth: { token: await fx.issuer.sign({ sub: "polite" }) } });
    // Only Date is faked (timers and sockets stay real): each hand-over comes a second after the last, at 60 a minute.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      for (let i = 0; i < 5; i++) {
        vi.setSystemTime(Date.now() + 1000);
        const fresh = await fx.issuer.sign({ sub: "polite", lifetimeMs: 120_000 + i * 1000 });
        expect(await reauth(socket, { token: fresh })).toMatchObject({ ok: true });
      }
      // Two at once is one too many: the budget holds one.
      const gone = nextEvent<[string]>(socket, "disconnect", 5000);
      const fresh = await fx.issuer.sign({ sub: "polite", lifetimeMs: 180_000 });
      expect(await reauth(socket, { token: fresh })).toMatchObject({ code: "REAUTH_LIMIT" });
      expect((await gone)[0]).toBe("io server disconnect");
    } finally {
      vi.useRealTimers();
    }
  });
});
