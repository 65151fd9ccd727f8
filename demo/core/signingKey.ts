import { createSign, createVerify, generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from "node:crypto";

/** A public key as the core lists it in `/.well-known/jwks.json`. */
export interface PublicJwk extends JsonWebKey {
  kid: string;
  kty: string;
  alg: "RS256";
  use: "sig";
}

/** One RS256 key of the emulated core: it signs access tokens and verifies them again. */
export interface SigningKey {
  /** `d-…` for a dynamic key, `s-…` for the static one (supertokens-node tells them apart by this prefix). */
  kid: string;
  jwk: PublicJwk;
  /** A compact JWS of `payload`, with the header the core writes (`typ`, `alg`, `kid`, `version: "5"`). */
  sign(payload: Record<string, unknown>): string;
  /** Whether `signingInput` (`header.payload`) carries this key's signature. */
  verify(signingInput: string, signature: string): boolean;
}

const ACCESS_TOKEN_VERSION = "5";

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * node:crypto, not jose: the emulator also runs inside vitest jsdom test files, where jose rejects byte-array keys
 * (`Buffer`, `TextEncoder` output) as coming from another realm. node:crypto has no such check.
 */
export function createSigningKey(kind: "dynamic" | "static"): SigningKey {
  const { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
  });
  const kid = `${kind === "dynamic" ? "d" : "s"}-${randomUUID()}`;
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } as PublicJwk;
  return {
    kid,
    jwk,
    sign(payload) {
      const header = { alg: "RS256", typ: "JWT", version: ACCESS_TOKEN_VERSION, kid };
      const signingInput = `${base64url(header)}.${base64url(payload)}`;
      const signature = createSign("RSA-SHA256").update(signingInput).sign(privateKey, "base64url");
      return `${signingInput}.${signature}`;
    },
    verify(signingInput, signature) {
      return createVerify("RSA-SHA256").update(signingInput).verify(publicKey, signature, "base64url");
    },
  };
}
