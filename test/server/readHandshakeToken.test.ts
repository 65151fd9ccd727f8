import { describe, expect, it } from "vitest";
import type { Socket } from "socket.io";
import { readHandshakeToken, type TokenLocation } from "../../src/server/readHandshakeToken";
import { SocketAuthError } from "../../src/server/SocketAuthError";

type Handshake = Socket["handshake"];
const handshake = (parts: { auth?: unknown; query?: Record<string, unknown>; headers?: Record<string, string> }) =>
  ({ auth: parts.auth ?? {}, query: parts.query ?? {}, headers: parts.headers ?? {} }) as unknown as Handshake;
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
});
