// What a warning says about an error: enough to diagnose, never a token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../src/server/describeError";
import { startIssuer, type Issuer } from "../support/jwks";

let issuer: Issuer;
beforeAll(async () => void (issuer = await startIssuer()));
afterAll(() => issuer.close());

describe("describeError", () => {
  it("cuts out a real token, wherever it stands in the message", async () => {
    const token = await issuer.sign({ sub: "u1" });
    const line = describeError(new Error(`core said: bad token ${token}, retry`));
    expect(line).toBe("Error: core said: bad token [token], retry");
    for (const part of token.split(".")) expect(line).not.toContain(part);
    expect(describeError(`raw ${token}`)).toBe("raw [token]");
  });

  it("keeps dotted host names, and the cause's code, readable", () => {
    const cause = Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" });
    const error = new TypeError("fetch failed: http://supertokens-core.production-cluster.internal:3567/recipe/jwt", { cause });
    expect(describeError(error)).toBe(
      "TypeError: fetch failed: http://supertokens-core.production-cluster.internal:3567/recipe/jwt (ENOTFOUND)",
    );
  });
});
