import { afterAll, afterEach, beforeAll } from "vitest";
import { startIssuer, type Issuer } from "./jwks";
import { startSeedServer, type SeedServer } from "./seedServer";

export interface Fixture {
  /** Real RS256 keys and a JWKS endpoint, for the whole file. */
  readonly issuer: Issuer;
  /** A server written as SuperTokens' guide writes it, for the whole file (with `{ seed: true }`). */
  readonly seed: SeedServer;
  /** Closes `thing` (a handle, a follower, a server) after the current test; returns it. */
  track<T extends { close(): unknown }>(thing: T): T;
}

/** Registers the file's set-up and tear-down: nothing a test opens outlives it. */
export function useFixture({ seed = false } = {}): Fixture {
  let issuer: Issuer | undefined;
  let seedServer: SeedServer | undefined;
  const open: { close(): unknown }[] = [];
  beforeAll(async () => {
    issuer = await startIssuer();
    if (seed) seedServer = await startSeedServer(issuer.jwksUri);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((thing) => thing.close()));
  });
  afterAll(async () => {
    await seedServer?.close();
    await issuer?.close();
  });
  return {
    get issuer() {
      if (!issuer) throw new Error("the issuer starts in beforeAll");
      return issuer;
    },
    get seed() {
      if (!seedServer) throw new Error("useFixture({ seed: true }) starts the seed server in beforeAll");
      return seedServer;
    },
    track(thing) {
      open.push(thing);
      return thing;
    },
  };
}
