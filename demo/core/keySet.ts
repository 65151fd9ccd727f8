import { createSigningKey, type PublicJwk, type SigningKey } from "./signingKey";

/**
 * The core's signing keys: dynamic keys (the newest signs, older ones stay listed so tokens they signed still
 * verify, as the real core keeps them until they cannot have signed a live token) and one static key.
 */
export interface KeySet {
  /** The key new tokens are signed with. */
  current(useStaticKey: boolean): SigningKey;
  byKid(kid: string): SigningKey | undefined;
  /** Adds a dynamic key and signs with it from now on. Returns its kid. */
  rotate(): string;
  /** Every public key, as `/.well-known/jwks.json` lists them. */
  jwks(): { keys: PublicJwk[] };
}

export function createKeySet(): KeySet {
  const dynamicKeys: SigningKey[] = [createSigningKey("dynamic")];
  const staticKey = createSigningKey("static");
  return {
    current: (useStaticKey) => (useStaticKey ? staticKey : dynamicKeys[dynamicKeys.length - 1]!),
    byKid: (kid) => [...dynamicKeys, staticKey].find((key) => key.kid === kid),
    rotate() {
      const key = createSigningKey("dynamic");
      dynamicKeys.push(key);
      return key.kid;
    },
    // Newest first, like the core.
    jwks: () => ({ keys: [...dynamicKeys].reverse().concat(staticKey).map((key) => key.jwk) }),
  };
}
