import { describe, expect, it, vi } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { authenticateSockets } from "supertokens-socket/server";
import { ExpiryTimer } from "../../src/server/ExpiryTimer";
import { nextEvent, nextOutcome, openClient, startAuthServer } from "../support/authServer";
import type { AuthenticatedSocketData } from "supertokens-socket/server";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

const connected = (url: string, token: string) => fx.connect(url, { auth: { token } });

describe("expiry of a live socket", () => {
  it("disconnects the socket once its token has expired (plus the grace)", async () => {
    const { url, connected: serverSockets } = await fx.server({ expiryGraceMs: 200 });
    const socket = await connected(url, await fx.issuer.sign({ sub: "u1", lifetimeMs: 2000 }));
    const { expiresAt } = serverSockets[0]!.data as AuthenticatedSocketData;
    const [reason] = await nextEvent<[string]>(socket, "disconnect", 8000);
    expect(reason).toBe("io server disconnect");
    // Never before the deadline: the timer re-checks the clock.
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt + 200);
  });

  it("clears its expiry timer when the socket disconnects first", async () => {
    const { url, connected: serverSockets } = await fx.server();
    const setSpy = vi.spyOn(globalThis, "setTimeout");
    const clearSpy = vi.spyOn(globalThis, "clearTimeout");
    const socket = await connected(url, await fx.issuer.sign({ sub: "u1", lifetimeMs: 3_600_000 }));
    // The only timer armed for about an hour is the expiry timer.
    const armed = setSpy.mock.results.filter((_, i) => Number(setSpy.mock.calls[i]![1]) > 3_000_000).map((r) => r.value);
    expect(armed).toHaveLength(1);
    expect(clearSpy.mock.calls.some(([handle]) => handle === armed[0])).toBe(false);
    const serverSide = nextEvent(serverSockets[0]!, "disconnect");
    socket.disconnect();
    await serverSide;
    expect(clearSpy.mock.calls.some(([handle]) => handle === armed[0])).toBe(true);
  });

  it("clears its expiry timer when the server closes", async () => {
    const s = await startAuthServer({ jwksUri: fx.issuer.jwksUri });
    const setSpy = vi.spyOn(globalThis, "setTimeout");
    const clearSpy = vi.spyOn(globalThis, "clearTimeout");
    await connected(s.url, await fx.issuer.sign({ sub: "u1", lifetimeMs: 3_600_000 }));
    const armed = setSpy.mock.results.filter((_, i) => Number(setSpy.mock.calls[i]![1]) > 3_000_000).map((r) => r.value);
    expect(armed).toHaveLength(1);
    await s.close();
    expect(clearSpy.mock.calls.some(([handle]) => handle === armed[0])).toBe(true);
  });
});

describe("timers of sockets that never connect", () => {
  it("arms no expiry timer for a socket a later middleware refuses", async () => {
    const http = createServer();
    const io = new Server(http);
    fx.defer(() => new Promise<void>((resolve) => io.close(() => resolve())));
    io.use(authenticateSockets({ jwksUri: fx.issuer.jwksUri, logger: null }));
    io.use((_socket, next) => next(new Error("app says no")));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const setSpy = vi.spyOn(globalThis, "setTimeout");
    const socket = openClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      auth: { token: await fx.issuer.sign({ sub: "u1", lifetimeMs: 3_600_000 }) },
    });
    fx.defer(() => socket.disconnect());
    expect(await nextOutcome(socket)).toMatchObject({ connected: false, message: "app says no" });
    expect(setSpy.mock.calls.filter((call) => Number(call[1]) > 3_000_000)).toEqual([]);
  });
});

describe("ExpiryTimer", () => {
  it("never asks setTimeout for more than 2^31-1 ms, and does not fire early for a far deadline", () => {
    const spy = vi.spyOn(globalThis, "setTimeout");
    const onExpire = vi.fn();
    const timer = new ExpiryTimer(onExpire);
    timer.set(Date.now() + 40 * 24 * 3600 * 1000);
    const delays = spy.mock.calls.map((call) => call[1]);
    timer.clear();
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBe(2 ** 31 - 1);
    expect(onExpire).not.toHaveBeenCalled();
  });

  it("fires once for a deadline already passed, asynchronously", async () => {
    let fired = 0;
    const done = new Promise<void>((resolve) => {
      const timer = new ExpiryTimer(() => {
        fired++;
        resolve();
      });
      timer.set(Date.now() - 1);
      expect(fired).toBe(0);
    });
    await done;
    expect(fired).toBe(1);
  });
});
