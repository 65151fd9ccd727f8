import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export interface Issuer {
  /** `http://127.0.0.1:<port>/auth/jwt/jwks.json` */
  jwksUri: string;
  /** Signs an access token shaped like SuperTokens' (RS256, kid, version "5"). */
  sign(claims: TokenClaims): Promise<string>;
  /** Adds a new signing key (new kid) and signs with it from now on; the old key stays in the JWKS. */
  rotateKey(): Promise<string>;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  /** While true the JWKS endpoint answers 503. */
  down: boolean;
  close(): Promise<void>;
}

export interface TokenClaims {
  sub: string;
  /** Lifetime in ms from now (default 60 s). Negative for an already expired token. */
  lifetimeMs?: number;
  sessionHandle?: string;
  extra?: Record<string, unknown>;
  /** Sign with this kid instead of the current one (must exist unless `privateKey` is given). */
  kid?: string;
}

interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `d-${Math.random().toString(36).slice(2, 12)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, jwk };
}

/** A real JWKS endpoint on loopback and a signer of real RS256 tokens. */
export async function startIssuer(): Promise<Issuer> {
  const keys: Key[] = [await newKey()];
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== "/auth/jwt/jwks.json") {
      res.writeHead(404).end();
      return;
    }
    fetches++;
    if (issuer.down) {
      res.writeHead(503).end("down");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const issuer: Issuer = {
    jwksUri: `http://127.0.0.1:${port}/auth/jwt/jwks.json`,
    down: false,
    get fetches() {
      return fetches;
    },
    async sign({ sub, lifetimeMs = 60_000, sessionHandle = `sh-${sub}`, extra = {}, kid }) {
      const key = kid ? keys.find((k) => k.kid === kid) : keys[keys.length - 1];
      if (!key) throw new Error(`unknown kid ${kid}`);
      const nowMs = Date.now();
      // refreshTokenHash1 differs per refresh in SuperTokens: two tokens signed in one second must differ too.
      const refreshTokenHash1 = Math.random().toString(36).slice(2);
      return new SignJWT({ sessionHandle, refreshTokenHash1, rsub: sub, tId: "public", ...extra })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid, version: "5" })
        .setSubject(sub)
        .setIssuedAt(Math.floor(nowMs / 1000))
        .setExpirationTime(Math.floor((nowMs + lifetimeMs) / 1000))
        .sign(key.privateKey);
    },
    async rotateKey() {
      const key = await newKey();
      keys.push(key);
      return key.kid;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return issuer;
}
