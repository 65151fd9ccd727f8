import { describe, expect, it } from "vitest";
import type { Socket } from "socket.io";
import { readHandshakeToken, type TokenLocation } from "../../src/server/readHandshakeToken";
import { SocketAuthError } from "../../src/server/SocketAuthError";

type Handshake = Socket["handshake"];
const handshake = (parts: { auth?: unknown; query?: Record<string, unknown>; headers?: Record<string, string>; secure?: boolean }) =>
  ({ auth: parts.auth ?? {}, query: parts.query ?? {}, headers: parts.headers ?? {}, secure: parts.secure ?? false }) as unknown as Handshake;
const tokenOnly: TokenLocation = { tokenKey: "token", cookieName: "sAccessToken", isOriginAllowed: undefined };
const cookieMode: TokenLocation = { ...tokenOnly, isOriginAllowed: (origin) => origin === "https://app.example.com" };

function codeOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SocketAuthError);
    return (error as SocketAuthError).data.code;
  }
  return "no error";
}

describe("readHandshakeToken", () => {
  it("reads auth first, then query, then the cookie", () => {
    const headers = { cookie: "sAccessToken=c", origin: "https://app.example.com" };
    expect(readHandshakeToken(handshake({ auth: { token: "a" }, query: { token: "q" }, headers }), cookieMode)).toEqual({ token: "a", source: "auth" });
    expect(readHandshakeToken(handshake({ auth: { token: "" }, query: { token: "q" }, headers }), cookieMode)).toEqual({ token: "q", source: "query" });
    expect(readHandshakeToken(handshake({ headers }), cookieMode)).toEqual({ token: "c", source: "cookie" });
  });

  it("refuses a repeated query parameter (an array) and a non-string auth value as TOKEN_INVALID", () => {
    expect(codeOf(() => readHandshakeToken(handshake({ query: { token: ["a", "b"] } }), tokenOnly))).toBe("TOKEN_INVALID");
    expect(codeOf(() => readHandshakeToken(handshake({ auth: { token: 12 } }), tokenOnly))).toBe("TOKEN_INVALID");
  });

  it("tolerates an auth payload that is not an object", () => {
    expect(codeOf(() => readHandshakeToken(handshake({ auth: "token" }), tokenOnly))).toBe("TOKEN_MISSING");
    expect(readHandshakeToken(handshake({ auth: null, query: { token: "q" } }), tokenOnly)).toEqual({ token: "q", source: "query" });
  });

  it("ignores the cookie unless cookie mode is on", () => {
    const headers = { cookie: "sAccessToken=c", origin: "https://app.example.com" };
    expect(codeOf(() => readHandshakeToken(handshake({ headers }), tokenOnly))).toBe("TOKEN_MISSING");
  });

  it("in cookie mode: TOKEN_MISSING without the cookie, ORIGIN_NOT_ALLOWED from another or no origin", () => {
    expect(codeOf(() => readHandshakeToken(handshake({ headers: { cookie: "other=1", origin: "https://app.example.com" } }), cookieMode))).toBe(
      "TOKEN_MISSING",
    );
    expect(codeOf(() => readHandshakeToken(handshake({ headers: { cookie: "sAccessToken=c", origin: "https://evil.example" } }), cookieMode))).toBe(
      "ORIGIN_NOT_ALLOWED",
    );
    expect(codeOf(() => readHandshakeToken(handshake({ headers: { cookie: "sAccessToken=c" } }), cookieMode))).toBe("ORIGIN_NOT_ALLOWED");
  });

  describe("in cookie mode without Origin (a same-origin long-polling GET)", () => {
    const app = "https://app.example.com";
    const allowed: TokenLocation = { ...tokenOnly, isOriginAllowed: (origin) => origin === app };
    const cookie = (headers: Record<string, string>, secure = true, where = allowed) =>
      codeOf(() => readHandshakeToken(handshake({ headers: { cookie: "sAccessToken=c", ...headers }, secure }), where));
    const sameOrigin = { "sec-fetch-site": "same-origin", host: "app.example.com" };

    it("accepts Sec-Fetch-Site: same-origin when the request's own scheme and Host are an allowed origin", () => {
      expect(readHandshakeToken(handshake({ headers: { cookie: "sAccessToken=c", ...sameOrigin }, secure: true }), allowed)).toEqual({
        token: "c",
        source: "cookie",
      });
      // Host names are case-insensitive, and a default port is left out of an origin.
      expect(cookie({ ...sameOrigin, host: "App.Example.COM:443" })).toBe("no error");
      // HTTP/2 carries the host in :authority.
      expect(cookie({ "sec-fetch-site": "same-origin", ":authority": "app.example.com" })).toBe("no error");
    });

    it("refuses it when that origin is not allowed: another host, another port, plain http, a malformed Host", () => {
      expect(cookie({ ...sameOrigin, host: "evil.example.com" })).toBe("ORIGIN_NOT_ALLOWED");
      expect(cookie({ ...sameOrigin, host: "app.example.com:8443" })).toBe("ORIGIN_NOT_ALLOWED");
      expect(cookie(sameOrigin, false)).toBe("ORIGIN_NOT_ALLOWED");
      // Only a well-formed host reaches a predicate, so a loose one cannot be fooled by what follows the name.
      const loose: TokenLocation = { ...tokenOnly, isOriginAllowed: (origin) => origin.startsWith(app) };
      for (const host of ["app.example.com@evil.example", "app.example.com/x", "app.example.com.evil.example:99999", "", "app.example.com:1:2"]) {
        expect(cookie({ ...sameOrigin, host }, true, loose), host).toBe("ORIGIN_NOT_ALLOWED");
      }
      const { host: _, ...noHost } = sameOrigin;
      expect(cookie(noHost)).toBe("ORIGIN_NOT_ALLOWED");
    });

    it("refuses every other Sec-Fetch-Site, and none at all", () => {
      for (const site of ["cross-site", "same-site", "none", "same-origin, cross-site", "SAME-ORIGIN"]) {
        expect(cookie({ ...sameOrigin, "sec-fetch-site": site }), site).toBe("ORIGIN_NOT_ALLOWED");
      }
      expect(cookie({ host: "app.example.com" })).toBe("ORIGIN_NOT_ALLOWED");
    });

    it("lets Origin decide whenever it is present", () => {
      expect(cookie({ ...sameOrigin, origin: "https://evil.example.com" })).toBe("ORIGIN_NOT_ALLOWED");
      expect(cookie({ ...sameOrigin, origin: "null" })).toBe("ORIGIN_NOT_ALLOWED");
      // A cross-site page on an allowed origin (a SameSite=None cookie): Origin is allowed, whatever Sec-Fetch-Site says.
      expect(cookie({ origin: app, "sec-fetch-site": "cross-site", host: "sockets.example.net" }, false)).toBe("no error");
    });

    it("reads the scheme from the last X-Forwarded-Proto only with trustForwardedProto", () => {
      const proxied = { ...allowed, trustForwardedProto: true };
      expect(cookie({ ...sameOrigin, "x-forwarded-proto": "https" }, false)).toBe("ORIGIN_NOT_ALLOWED");
      expect(cookie({ ...sameOrigin, "x-forwarded-proto": "https" }, false, proxied)).toBe("no error");
      expect(cookie({ ...sameOrigin, "x-forwarded-proto": "http, HTTPS" }, false, proxied)).toBe("no error");
      // A value the client put first, before the proxy's own, does not count.
      expect(cookie({ ...sameOrigin, "x-forwarded-proto": "https, http" }, true, proxied)).toBe("ORIGIN_NOT_ALLOWED");
      expect(cookie({ ...sameOrigin, "x-forwarded-proto": "wss" }, true, proxied)).toBe("ORIGIN_NOT_ALLOWED");
      // No header: the connection's own scheme.
      expect(cookie(sameOrigin, true, proxied)).toBe("no error");
      expect(cookie(sameOrigin, false, proxied)).toBe("ORIGIN_NOT_ALLOWED");
    });
  });
});
