import { describe, expect, it } from "vitest";
import { readCookie } from "../../src/server/readCookie";

describe("readCookie", () => {
  it("finds the cookie among several, whatever its position and spacing", () => {
    expect(readCookie("sAccessToken=abc.def.ghi", "sAccessToken")).toBe("abc.def.ghi");
    expect(readCookie("a=1; sAccessToken=tok; b=2", "sAccessToken")).toBe("tok");
    expect(readCookie("a=1;sAccessToken=tok;b=2", "sAccessToken")).toBe("tok");
    expect(readCookie("  sAccessToken =  tok  ; b=2", "sAccessToken")).toBe("tok");
  });

  it("does not match a cookie whose name only contains or extends the name", () => {
    expect(readCookie("xsAccessToken=no; sAccessTokenX=no", "sAccessToken")).toBeUndefined();
    expect(readCookie("sAccessTokenX=no; sAccessToken=yes", "sAccessToken")).toBe("yes");
  });

  it("answers undefined for a missing header, a missing cookie, or an empty value", () => {
    expect(readCookie(undefined, "sAccessToken")).toBeUndefined();
    expect(readCookie("", "sAccessToken")).toBeUndefined();
    expect(readCookie("a=1; b=2", "sAccessToken")).toBeUndefined();
    expect(readCookie("sAccessToken=", "sAccessToken")).toBeUndefined();
    expect(readCookie('sAccessToken=""', "sAccessToken")).toBeUndefined();
  });

  it("never throws on a malformed header", () => {
    for (const header of [";;;", "=", "==;=", "sAccessToken", "; =tok", "\u0000\uffff", "%%%=%%%"]) {
      expect(() => readCookie(header, "sAccessToken")).not.toThrow();
      expect(readCookie(header, "sAccessToken")).toBeUndefined();
    }
  });

  it("keeps '=' inside the value, strips quotes, decodes percent-encoding and tolerates a bad one", () => {
    expect(readCookie("sAccessToken=a=b==", "sAccessToken")).toBe("a=b==");
    expect(readCookie('sAccessToken="quoted"', "sAccessToken")).toBe("quoted");
    expect(readCookie("sAccessToken=a%2Eb", "sAccessToken")).toBe("a.b");
    expect(readCookie("sAccessToken=a%E0%A4%A", "sAccessToken")).toBe("a%E0%A4%A");
  });

  it("takes the first non-empty occurrence of a repeated cookie", () => {
    expect(readCookie("sAccessToken=first; sAccessToken=second", "sAccessToken")).toBe("first");
    expect(readCookie("sAccessToken=; sAccessToken=second", "sAccessToken")).toBe("second");
  });

  it("reads a header given as several lines", () => {
    expect(readCookie(["a=1", "sAccessToken=tok"], "sAccessToken")).toBe("tok");
  });
});
