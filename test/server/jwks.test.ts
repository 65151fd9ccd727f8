import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { generateKeyPair, SignJWT } from "jose";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

const attempt = (url: string, token: string) => fx.attempt(url, { auth: { token } });

function recordingLogger() {
  const lines: string[] = [];
  return { lines, logger: { warn: (message: string) => void lines.push(message) } };
}

/** A JWKS endpoint that answers 200 with a body that is not a JWKS until told to pass the issuer's through. */
async function garbageJwks(body: string): Promise<{ uri: string; healthy: boolean }> {
  const state = { uri: "", healthy: false };
  const http: HttpServer = createServer((_req, res) => {
    if (!state.healthy) {
      res.writeHead(200, { "content-type": "application/json" }).end(body);
      return;
    }
    fetch(fx.issuer.jwksUri).then(
      async (upstream) => res.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text()),
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  fx.defer(() => new Promise<void>((resolve) => {
    http.closeAllConnections();
    http.close(() => resolve());
  }));
  state.uri = `http://127.0.0.1:${(http.address() as AddressInfo).port}/jwks.json`;
  return state;
}

async function unknownKidToken(sub: string, kid: string, privateKey: CryptoKey): Promise<string> {
  return new SignJWT({ sessionHandle: `sh-${sub}` })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid, version: "5" })
    .setSubject(sub)
    .setExpirationTime("1h")
    .sign(privateKey);
}

describe("JWKS availability", () => {
  it("refuses with JWKS_UNAVAILABLE while the JWKS answers 503, keeps serving, and recovers when it returns", async () => {
    const { lines, logger } = recordingLogger();
    const { url } = await fx.server({ logger });
    const token = await fx.issuer.sign({ sub: "u1" });
    fx.issuer.down = true;
    expect(await attempt(url, token)).toBe("JWKS_UNAVAILABLE");
    expect(await attempt(url, token)).toBe("JWKS_UNAVAILABLE");
    expect(await attempt(url, "garbage")).toBe("TOKEN_INVALID");
    fx.issuer.down = false;
    expect(await attempt(url, token)).toBe("connected");
    // One warning per outage, and it never holds the token.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/JWKS/);
    for (const line of lines) expect(line).not.toContain(token.split(".")[2]);
  });

  it("refuses with JWKS_UNAVAILABLE while the JWKS endpoint is unreachable", async () => {
    const { url } = await fx.server({ jwksUri: "http://127.0.0.1:1/auth/jwt/jwks.json" });
    expect(await attempt(url, await fx.issuer.sign({ sub: "u1" }))).toBe("JWKS_UNAVAILABLE");
  });

  it.each([
    ["not JSON", "<html>oops</html>"],
    ["JSON that is not a JWKS", JSON.stringify({ hello: "world" })],
  ])("refuses with JWKS_UNAVAILABLE while the JWKS is garbage (%s), and recovers", async (_, body) => {
    const jwks = await garbageJwks(body);
    const { url } = await fx.server({ jwksUri: jwks.uri });
    const token = await fx.issuer.sign({ sub: "u1" });
    expect(await attempt(url, token)).toBe("JWKS_UNAVAILABLE");
    jwks.healthy = true;
    expect(await attempt(url, token)).toBe("connected");
  });

  it("keeps accepting tokens from the cached JWKS while the endpoint is down", async () => {
    const { url } = await fx.server();
    expect(await attempt(url, await fx.issuer.sign({ sub: "u1" }))).toBe("connected");
    fx.issuer.down = true;
    expect(await attempt(url, await fx.issuer.sign({ sub: "u2" }))).toBe("connected");
    expect(fx.issuer.fetches).toBe(1);
  });
});

describe("JWKS keys", () => {
  it("accepts a token signed with a rotated-in key (new kid), and still the old key's", async () => {
    const { url } = await fx.server({ jwksCooldownMs: 0 });
    const old = await fx.issuer.sign({ sub: "u1" });
    expect(await attempt(url, old)).toBe("connected");
    expect(fx.issuer.fetches).toBe(1);
    await fx.issuer.rotateKey();
    expect(await attempt(url, await fx.issuer.sign({ sub: "u1" }))).toBe("connected");
    expect(fx.issuer.fetches).toBe(2);
    expect(await attempt(url, old)).toBe("connected");
    expect(fx.issuer.fetches).toBe(2);
  });

  it("fetches the JWKS only a few times for a flood of 50 unknown kids", async () => {
    const { url } = await fx.server();
    expect(await attempt(url, await fx.issuer.sign({ sub: "u1" }))).toBe("connected");
    const { privateKey } = await generateKeyPair("RS256");
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => unknownKidToken("u1", `d-bogus-${i}`, privateKey)));
    const codes = await Promise.all(tokens.map((token) => attempt(url, token)));
    // Every one refused; while the JWKS cools down, an unknown kid is "not looked up yet", not "bad".
    expect(codes.every((code) => code === "TOKEN_INVALID" || code === "JWKS_UNAVAILABLE")).toBe(true);
    expect(fx.issuer.fetches).toBeLessThanOrEqual(2);
  });

  it("fetches the JWKS only a few times for a flood of unknown kids arriving before any fetch", async () => {
    const { url } = await fx.server();
    const { privateKey } = await generateKeyPair("RS256");
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => unknownKidToken("u1", `d-bogus-${i}`, privateKey)));
    const codes = await Promise.all(tokens.map((token) => attempt(url, token)));
    expect(codes.every((code) => code === "TOKEN_INVALID" || code === "JWKS_UNAVAILABLE")).toBe(true);
    expect(fx.issuer.fetches).toBeLessThanOrEqual(2);
  });

  it("a key rotated in just after a fetch is 'try again' (JWKS_UNAVAILABLE), then accepted once the cooldown ends", async () => {
    // The same token, tried again and again until the cooldown ends: more than the default handshake budget.
    const { url } = await fx.server({ jwksCooldownMs: 1_000, handshakeLimit: { perMinute: 100_000 } });
    expect(await attempt(url, await fx.issuer.sign({ sub: "u1" }))).toBe("connected");
    await fx.issuer.rotateKey();
    const token = await fx.issuer.sign({ sub: "u1" });
    // TOKEN_INVALID here would make the client give up: the user would be signed out by a key rotation.
    expect(await attempt(url, token)).toBe("JWKS_UNAVAILABLE");
    const deadline = Date.now() + 5_000;
    let outcome = "";
    while (outcome !== "connected" && Date.now() < deadline) outcome = await attempt(url, token);
    expect(outcome).toBe("connected");
  });
});
