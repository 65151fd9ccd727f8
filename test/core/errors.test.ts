// The error classes' shape and isAuthedSocketError, including errors from another copy of the package or realm.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { AuthedSocketError, isAuthedSocketError, NotLoggedInError } from "supertokens-socket";

describe("AuthedSocketError", () => {
  it("has name, code and serverCode as own properties, in that order; a cause only when one is given", () => {
    const plain = new AuthedSocketError("REJECTED", "m");
    expect(Object.keys(plain)).toEqual(["name", "code", "serverCode"]);
    expect(plain).toMatchObject({ name: "AuthedSocketError", code: "REJECTED", serverCode: undefined, message: "m" });
    expect("cause" in plain).toBe(false);
    const caused = new AuthedSocketError("REJECTED", "m", { cause: null, serverCode: "TOKEN_EXPIRED" });
    expect(Object.hasOwn(caused, "cause") && caused.cause).toBe(null);
    expect(caused.serverCode).toBe("TOKEN_EXPIRED");
    const notLoggedIn = new NotLoggedInError();
    expect(Object.keys(notLoggedIn)).toEqual(["name", "code", "serverCode"]);
    expect(notLoggedIn).toMatchObject({ name: "NotLoggedInError", code: "NOT_LOGGED_IN" });
    expect(notLoggedIn).toBeInstanceOf(AuthedSocketError);
  });
});

describe("isAuthedSocketError", () => {
  it("is true for this copy's errors, a subclass's that renamed itself, and another copy's or realm's", () => {
    class Renamed extends AuthedSocketError {
      override readonly name = "Renamed";
    }
    const otherRealm = runInNewContext(`Object.assign(new Error("x"), { name: "NotLoggedInError", code: "NOT_LOGGED_IN" })`);
    expect(otherRealm instanceof Error).toBe(false);
    for (const error of [
      new AuthedSocketError("REFRESH_FAILED", "m"),
      new NotLoggedInError(),
      new Renamed("REJECTED", "m"),
      otherRealm,
      { name: "AuthedSocketError", code: "REJECTED" },
    ]) {
      expect(isAuthedSocketError(error)).toBe(true);
    }
  });

  it("is false for anything else, without throwing", () => {
    const namedFunction = Object.assign(function AuthedSocketError() {}, { code: "REJECTED" });
    for (const error of [
      undefined,
      null,
      "AuthedSocketError",
      5,
      namedFunction,
      new TypeError("x"),
      { name: "AuthedSocketError" },
      { name: "AuthedSocketError", code: 5 },
      { name: "Error", code: "REJECTED" },
      { name: { toString: () => "AuthedSocketError" }, code: "REJECTED" },
    ]) {
      expect(isAuthedSocketError(error)).toBe(false);
    }
  });
});
