// serverVerify: handshake verifications per second of authenticateSockets (jose against the JWKS, and supertokens-node
// through `sessionRecipe`, with and without `checkDatabase`) against the seed's jsonwebtoken + jwks-rsa recipe, each
// called directly as the namespace middleware it is, with fake socket objects (no network but the JWKS fetch and, for
// the SDK, its calls to the emulated core); what a JWKS refetch on an unknown `kid` costs; and the time from a
// sign-out to the client's `unauthenticated` (endSocketsOnRevoke).
import { EventEmitter } from "node:events";
import Session from "supertokens-node/recipe/session";
import { authenticateSockets } from "supertokens-socket/server";
import { startStack } from "../demo/stack";
import type { Issuer } from "../test/support/jwks";
import { startSeedServer } from "../test/support/seedServer";
import { signInForTokens } from "../test/stack/support/signInForTokens";
import { signOutLatency } from "./signOutLatency";
import { cpuMs, log, now, quick, round, stats, type Row } from "./support";

type Middleware = (socket: unknown, next: (err?: Error & { data?: unknown }) => void) => void;

/** The parts of a server-side socket the two middlewares touch; the token in the query, as the seed reads it. */
function fakeSocket(token: string) {
  const socket = new EventEmitter() as EventEmitter & Record<string, unknown>;
  Object.assign(socket, {
    id: "bench",
    handshake: { auth: {}, query: { token }, headers: {} },
    nsp: { server: { _opts: {} }, on() {} },
    data: {},
    recovered: false,
    connected: false,
    rooms: new Set<string>(),
    join(room: string) {
      (this.rooms as Set<string>).add(room);
    },
    leave(room: string) {
      (this.rooms as Set<string>).delete(room);
    },
  });
  return socket;
}

/** Resolves with the middleware's rejection, or undefined when it admitted the socket. */
const call = (mw: Middleware, token: string) =>
  new Promise<(Error & { data?: { code?: string } }) | undefined>((resolve) => mw(fakeSocket(token), (err) => resolve(err as never)));

async function throughput(mw: Middleware, tokens: string[], ms: number, concurrency = 16) {
  let done = 0;
  let failed = 0;
  const cpu0 = cpuMs();
  const t0 = now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; now() < end; i += concurrency) {
        if (await call(mw, tokens[i % tokens.length]!)) failed++;
        done++;
      }
    }),
  );
  const elapsed = (now() - t0) / 1000;
  return { perSecond: Math.round(done / elapsed), cpuUsPerVerify: round(((cpuMs() - cpu0) * 1000) / done, 0), verified: done, failed };
}

/** Verification time of a token signed with a brand-new key (first: JWKS refetched) minus a known key's. */
async function refetchCost(mw: Middleware, issuer: Issuer, runs: number) {
  const costs: number[] = [];
  let refused = 0;
  for (let i = 0; i < runs; i++) {
    const kid = await issuer.rotateKey();
    const token = await issuer.sign({ sub: "verify", kid });
    const fetches = issuer.fetches;
    let t = now();
    const err = await call(mw, token);
    const first = now() - t;
    if (err) refused++;
    t = now();
    await call(mw, token);
    const second = now() - t;
    if (issuer.fetches > fetches) costs.push(first - second);
  }
  return { ...stats(costs, 2), refused };
}

export async function runServerVerify(issuer: Issuer) {
  const ms = quick ? 700 : 2_000;
  const tokens = await Promise.all(Array.from({ length: 16 }, (_, i) => issuer.sign({ sub: `verify-${i}`, lifetimeMs: 600_000 })));
  const seed = await startSeedServer(issuer.jwksUri);
  const middlewares: Record<string, Middleware> = {
    // The package with every default but the logger.
    authenticateSockets: authenticateSockets({ jwksUri: issuer.jwksUri, logger: null }) as Middleware,
    // The seed server's own middleware, as registered on its namespace.
    seedJsonwebtokenJwksRsa: (seed.io.of("/") as unknown as { _fns: Middleware[] })._fns[0]!,
  };
  const out: Record<string, unknown> = {
    method: "middleware called directly with fake socket objects (token in handshake.query), 16 in flight, same process; RS256 2048-bit",
  };
  for (const [name, mw] of Object.entries(middlewares)) {
    const warm = await call(mw, tokens[0]!); // first JWKS fetch
    if (warm) throw new Error(`${name} refused a valid token: ${warm.message}`);
    out[name] = await throughput(mw, tokens, ms);
    log(`serverVerify: ${name}`, out[name]);
  }
  // Refetch on an unknown kid. The package refuses new kids for jwksCooldownMs (30 s) after a fetch, so its cost is
  // measured with the cooldown off; the default's behaviour is reported as `newKidWithinCooldown`.
  const runs = quick ? 3 : 7;
  const refetch = {
    authenticateSockets: await refetchCost(
      authenticateSockets({ jwksUri: issuer.jwksUri, logger: null, jwksCooldownMs: 0 }) as Middleware,
      issuer,
      runs,
    ),
    seedJsonwebtokenJwksRsa: await refetchCost(middlewares.seedJsonwebtokenJwksRsa!, issuer, runs),
  };
  const kid = await issuer.rotateKey();
  const fresh = await call(middlewares.authenticateSockets!, await issuer.sign({ sub: "verify", kid }));
  out.jwksRefetchMs = {
    ...refetch,
    newKidWithinCooldown: fresh ? `refused (${fresh.data?.code})` : "accepted",
    note: "extra verification time for a token whose kid is not in the cached JWKS (one loopback HTTP fetch of the JWKS)",
  };
  await seed.close();
  Object.assign(out, await runSessionRecipe(ms));
  return out;
}

/** The same middleware verifying through the real supertokens-node over the emulated core (demo stack, in process). */
async function runSessionRecipe(ms: number) {
  const stack = await startStack({ tokenTransferMethod: "header", accessTokenLifetimeMs: 600_000 });
  try {
    const tokens = await Promise.all(Array.from({ length: 16 }, (_, i) => signInForTokens(stack.apiDomain, `verify-${i}`)));
    const accessTokens = tokens.map((session) => session.accessToken);
    const out: Record<string, unknown> = {};
    const middlewares: Record<string, Middleware> = {
      sessionRecipe: authenticateSockets({ sessionRecipe: Session, logger: null }) as Middleware,
      sessionRecipeCheckDatabase: authenticateSockets({ sessionRecipe: Session, checkDatabase: true, logger: null }) as Middleware,
    };
    for (const [name, mw] of Object.entries(middlewares)) {
      const warm = await call(mw, accessTokens[0]!);
      if (warm) throw new Error(`${name} refused a valid token: ${warm.data?.code}`);
      const verifiesBefore = stack.core.verifies;
      out[name] = { ...(await throughput(mw, accessTokens, ms)), coreVerifyCalls: stack.core.verifies - verifiesBefore };
      log(`serverVerify: ${name}`, out[name]);
    }
    out.signOutToUnauthenticatedMs = await signOutLatency(stack, quick ? 5 : 30);
    log("serverVerify: signOutToUnauthenticatedMs", out.signOutToUnauthenticatedMs);
    return out;
  } finally {
    await stack.close();
  }
}

export function serverVerifyRows(r: Awaited<ReturnType<typeof runServerVerify>>): Row[] {
  type Throughput = { perSecond: number; cpuUsPerVerify: number };
  const p = r.authenticateSockets as Throughput;
  const s = r.seedJsonwebtokenJwksRsa as Throughput;
  const sdk = r.sessionRecipe as Throughput;
  const sdkDb = r.sessionRecipeCheckDatabase as Throughput;
  const signOut = r.signOutToUnauthenticatedMs as { median: number | null; p95: number | null };
  const j = r.jwksRefetchMs as Record<string, { median: number | null; p95: number | null }> & { newKidWithinCooldown: string };
  return [
    ["serverVerify", "authenticateSockets verifications/s", `${p.perSecond}/s (${p.cpuUsPerVerify} µs CPU each)`, ""],
    ["serverVerify", "seed jsonwebtoken+jwks-rsa verifications/s", `${s.perSecond}/s (${s.cpuUsPerVerify} µs CPU each)`, ""],
    ["serverVerify", "sessionRecipe (supertokens-node) verifications/s", `${sdk.perSecond}/s (${sdk.cpuUsPerVerify} µs CPU each)`, ""],
    ["serverVerify", "sessionRecipe + checkDatabase verifications/s", `${sdkDb.perSecond}/s (${sdkDb.cpuUsPerVerify} µs CPU each, core in process)`, ""],
    ["serverVerify", "sign-out → client unauthenticated", `p50 ${signOut.median} ms, p95 ${signOut.p95} ms`, ""],
    [
      "serverVerify",
      "JWKS refetch on unknown kid",
      `package ${j.authenticateSockets!.median} ms, seed ${j.seedJsonwebtokenJwksRsa!.median} ms (median)`,
      "",
    ],
    ["serverVerify", "new kid < 30 s after a JWKS fetch (defaults)", j.newKidWithinCooldown, ""],
  ];
}
