import { describe, expect, it } from "vitest";
import type { ServerOptions } from "socket.io";
import { REAUTH_EVENT, HELLO_EVENT } from "../../src/core/protocol";
import { nextEvent, nextOutcome } from "../support/authServer";
import { rawPollingHandshake, type RawHeaders } from "../support/rawHandshake";
import { useServerFixture } from "../support/serverFixture";

/*
 * Cookie mode on the page's own origin: a browser sends no Origin on a same-origin GET, which is socket.io's first
 * long-polling request and so the handshake's headers. Each handshake here is forged from Node, header by header,
 * against a real socket.io server on loopback: what a browser sends is admitted, everything else is refused.
 */

const fx = useServerFixture();

/** A cookie-mode server that allows `origins` and its own loopback origin (`http://127.0.0.1:<port>`). */
async function cookieServer(origins: string[] = [], options: { trustForwardedProto?: boolean } = {}, serverOptions: Partial<ServerOptions> = {}) {
  const allowed = [...origins];
  const server = await fx.server({ allowedOrigins: (origin) => allowed.includes(origin), ...options }, serverOptions);
  allowed.push(server.url);
  const host = new URL(server.url).host;
  const cookie = `theme=dark; sAccessToken=${await fx.issuer.sign({ sub: "u1" })}`;
  return { ...server, host, cookie };
}

describe("cookie mode over raw long-polling handshakes", () => {
  it("admits a same-origin browser GET without Origin: Sec-Fetch-Site: same-origin, its own Host allowed", async () => {
    const { url, host, cookie, connected } = await cookieServer();
    expect(await rawPollingHandshake(url, { host, cookie, "sec-fetch-site": "same-origin" })).toBe("connected");
    expect(connected[0]!.data).toMatchObject({ userId: "u1" });
    expect(connected[0]!.handshake.headers.origin).toBeUndefined();
  });

  it("admits an allowed Origin whatever Sec-Fetch-Site says (another site's page, a SameSite=None cookie)", async () => {
    const { url, host, cookie } = await cookieServer(["https://app.example.com"]);
    const headers = { host, cookie, origin: "https://app.example.com" };
    expect(await rawPollingHandshake(url, { ...headers, "sec-fetch-site": "cross-site" })).toBe("connected");
    expect(await rawPollingHandshake(url, headers)).toBe("connected");
  });

  it.each<[string, RawHeaders]>([
    ["neither Origin nor Sec-Fetch-Site (not a browser, or stripped on the way)", {}],
    ["Sec-Fetch-Site: cross-site without Origin", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site without Origin (a sibling site's <img>, a navigation)", { "sec-fetch-site": "same-site" }],
    ["Sec-Fetch-Site: none (typed in the address bar)", { "sec-fetch-site": "none" }],
    ["Sec-Fetch-Site twice, same-origin and cross-site", { "sec-fetch-site": ["same-origin", "cross-site"] }],
    ["an Origin that is not allowed, even with same-origin", { "sec-fetch-site": "same-origin", origin: "https://evil.example.com" }],
    ["Origin: null (a sandboxed frame)", { "sec-fetch-site": "same-origin", origin: "null" }],
  ])("refuses %s: ORIGIN_NOT_ALLOWED", async (_, forged) => {
    const { url, host, cookie, connected } = await cookieServer();
    expect(await rawPollingHandshake(url, { host, cookie, ...forged })).toBe("ORIGIN_NOT_ALLOWED");
    expect(connected).toEqual([]);
  });

  // (Without Host, Node's HTTP server answers 400 before socket.io sees the request.)
  it("refuses a same-origin GET whose own origin is not allowed: another Host (DNS rebinding), another scheme", async () => {
    const { url, cookie, connected } = await cookieServer(["https://app.example.com"]);
    const sameOrigin = { cookie, "sec-fetch-site": "same-origin" };
    expect(await rawPollingHandshake(url, { ...sameOrigin, host: "rebound.example.net" })).toBe("ORIGIN_NOT_ALLOWED");
    // Plain HTTP to this server: the request's origin is http://app.example.com, and X-Forwarded-Proto is not trusted.
    expect(await rawPollingHandshake(url, { ...sameOrigin, host: "app.example.com", "x-forwarded-proto": "https" })).toBe("ORIGIN_NOT_ALLOWED");
    expect(connected).toEqual([]);
  });

  it("with trustForwardedProto, behind a TLS-terminating proxy: the scheme is the last X-Forwarded-Proto", async () => {
    const { url, cookie, connected } = await cookieServer(["https://app.example.com"], { trustForwardedProto: true });
    const proxied = { cookie, "sec-fetch-site": "same-origin", host: "app.example.com" };
    expect(await rawPollingHandshake(url, { ...proxied, "x-forwarded-proto": "https" })).toBe("connected");
    expect(await rawPollingHandshake(url, { ...proxied, "x-forwarded-proto": "https, http" })).toBe("ORIGIN_NOT_ALLOWED");
    expect(await rawPollingHandshake(url, proxied)).toBe("ORIGIN_NOT_ALLOWED");
    expect(connected).toHaveLength(1);
  });

  it("reads no fetch metadata when the token comes in auth (no ambient credential)", async () => {
    const { url, host } = await cookieServer();
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await rawPollingHandshake(url, { host, "sec-fetch-site": "cross-site" }, { token })).toBe("connected");
  });
});

describe("cookie mode over WebSocket handshakes", () => {
  it("admits an allowed Origin, refuses another, or none", async () => {
    const { url, cookie } = await cookieServer();
    expect(await fx.attempt(url, { extraHeaders: { cookie, origin: url } })).toBe("connected");
    expect(await fx.attempt(url, { extraHeaders: { cookie, origin: "https://evil.example.com" } })).toBe("ORIGIN_NOT_ALLOWED");
    expect(await fx.attempt(url, { extraHeaders: { cookie } })).toBe("ORIGIN_NOT_ALLOWED");
    expect(await fx.attempt(url, { extraHeaders: { cookie, "sec-fetch-site": "cross-site" } })).toBe("ORIGIN_NOT_ALLOWED");
  });
});

describe("cookie mode after the handshake", () => {
  it("in-place re-authentication never reads the cookie: nothing but a token in the request counts", async () => {
    const { url, host, cookie } = await cookieServer();
    const socket = await fx.connect(url, { extraHeaders: { cookie, host, "sec-fetch-site": "same-origin" } });
    expect(await socket.timeout(5000).emitWithAck(HELLO_EVENT)).toEqual({ protocol: 1, reauth: false });
    expect(await socket.timeout(5000).emitWithAck(REAUTH_EVENT, {})).toMatchObject({ ok: false, code: "TOKEN_MISSING" });
    const other = await fx.issuer.sign({ sub: "u2" });
    expect(await socket.timeout(5000).emitWithAck(REAUTH_EVENT, { token: other })).toMatchObject({ ok: false, code: "TOKEN_INVALID" });
  });

  it("connection state recovery: a new handshake the first would refuse restores nothing; a same-origin one does", async () => {
    const { url, io, cookie, connected } = await cookieServer([], {}, { connectionStateRecovery: {} });
    // Recovery needs an offset: the client must have received at least one event.
    io.on("connection", (s) => s.emit("welcome"));
    const sameOrigin = { cookie, "sec-fetch-site": "same-origin" };
    const socket = fx.client(url, { extraHeaders: sameOrigin });
    const welcome = nextEvent(socket, "welcome");
    expect(await nextOutcome(socket)).toEqual({ connected: true });
    await welcome;

    const reconnectWith = async (extraHeaders: Record<string, string>) => {
      socket.io.opts.extraHeaders = extraHeaders;
      // A new engine connection, so a new first request with these headers. Closing the engine (not disconnect())
      // keeps the socket's session on the server for recovery; after a refusal the engine is still open too.
      const engine = socket.io.engine;
      if (engine.readyState === "open") {
        // (engine.io-client's typed emitter takes only its own event names.)
        const closed = nextEvent(engine as unknown as Parameters<typeof nextEvent>[0], "close");
        engine.close();
        await closed;
      }
      socket.connect();
      return nextOutcome(socket);
    };
    const refused = { connected: false, message: "Authentication error", data: { code: "ORIGIN_NOT_ALLOWED" } };
    expect(await reconnectWith({ cookie })).toEqual(refused);
    expect(await reconnectWith({ ...sameOrigin, "sec-fetch-site": "cross-site" })).toEqual(refused);
    expect(await reconnectWith({ ...sameOrigin, origin: "https://evil.example.com" })).toEqual(refused);
    expect(connected).toHaveLength(1);
    // The session was there all along: the same handshake as the first one restores it.
    expect(await reconnectWith(sameOrigin)).toEqual({ connected: true });
    expect(socket.recovered).toBe(true);
    expect(connected).toHaveLength(2);
    expect(connected[1]!.recovered).toBe(true);
  });
});
