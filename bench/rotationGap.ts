// rotationGapMs and messagesLost: one client per variant on loopback, a 5 ms numbered stream from the server, and a
// series of token rotations. Both figures come from the same runs.
//
// Gap of one rotation = the longest silence in the client's stream from the rotation's trigger to the next trigger:
// from the last message delivered before the connection stopped delivering to the first one delivered after it
// (replayed messages count as delivered). A rotation that never interrupts delivery shows the stream's own spacing.
import { fakeSession } from "../test/support/fakeSession";
import type { Issuer } from "../test/support/jwks";
import {
  coldRig,
  ioAuthRig,
  packageRig,
  SEED_TOKEN_LIFETIME_MS,
  seedRecipeRig,
  type ClientKind,
  type Rig,
  type RigContext,
} from "./rotationRigs";
import { VARIANTS, type Variant } from "./rotationVariants";
import { fmt, log, now, quick, Recorder, sleep, startServer, stats, Stream, until, type Row, type Stats } from "./support";

interface VariantResult {
  key: string;
  label: string;
  rotations: number;
  gapMs: Stats;
  inPlace: number;
  /** Rotations whose client never delivered again within the window (the seed recipe). */
  neverRecovered: boolean;
  /** For a client that never recovered: from its last delivered message to the end of the window. */
  downMs: number | null;
  windowMs: number;
  baselineMs: number;
  sent: number;
  lost: number;
  duplicates: number;
}

async function runVariant(variant: Variant, issuer: Issuer, rotations: number): Promise<VariantResult> {
  const server = await startServer(variant.server, issuer.jwksUri, variant.recovery);
  const stream = new Stream(server.io).start();
  const recorder = new Recorder();
  const lifetimeMs = variant.client === "seedRecipe" ? SEED_TOKEN_LIFETIME_MS : 60_000; // driven rotations: no natural one
  const session = fakeSession(issuer, { lifetimeMs });
  await session.signIn(`user-${variant.key}`);
  const downWindowMs = quick ? 2_000 : 3_000;
  const clientOptions = variant.transports ? { transports: variant.transports } : {};
  const ctx: RigContext = { url: server.url, server, session, clientOptions, onSocket: recorder.attach };
  const rigs: Record<ClientKind, () => Promise<Rig>> = {
    package: () => packageRig(ctx),
    cold: () => coldRig(ctx),
    ioAuth: () => ioAuthRig(ctx),
    seedRecipe: () => seedRecipeRig(ctx, downWindowMs),
  };
  const rig = await rigs[variant.client]();
  await until(() => recorder.at.length > 20, "the stream to flow");
  // Past the first connection's polling-to-WebSocket upgrade, and the hello ack that lets (a) rotate in place.
  await sleep(200);

  const starts: number[] = [];
  const firstSeq = stream.seq;
  const began = now();
  // What the measure reads with no rotation at all: the stream's own spacing (timer jitter included).
  const baselineMs = recorder.longestSilence(began - 150, began);
  let inPlace = 0;
  let neverRecovered = false;
  const total = variant.client === "seedRecipe" ? 1 : rotations;
  for (let i = 0; i < total; i++) {
    starts.push(now());
    const outcome = await rig.rotate();
    if (!outcome.recovered) {
      neverRecovered = true;
      break;
    }
    if (outcome.inPlace) inPlace++;
    // Usable again: a few messages delivered after the rotation, then a short quiet stretch before the next one.
    const done = now();
    await until(() => recorder.countAfter(done) >= 3, "messages after the rotation", 5_000);
    await sleep(15);
  }
  const lastSeq = stream.seq - 1;
  const ended = now();
  await sleep(150); // in-flight messages up to lastSeq arrive
  const bounds = [...starts, ended];
  const gaps = starts.map((s, i) => recorder.longestSilence(s, bounds[i + 1]!));
  const lastArrival = recorder.at[recorder.at.length - 1] ?? began;
  const { sent, lost, duplicates } = recorder.lost(firstSeq, lastSeq);
  rig.close();
  stream.stop();
  await server.close();
  return {
    key: variant.key,
    label: variant.label,
    rotations: starts.length,
    gapMs: neverRecovered ? { n: 1, median: null, p95: null, max: null } : stats(gaps),
    inPlace,
    neverRecovered,
    downMs: neverRecovered ? Math.round(ended - Math.min(lastArrival, ended)) : null,
    windowMs: Math.round(ended - began),
    baselineMs: Math.round(baselineMs * 10) / 10,
    sent,
    lost,
    duplicates,
  };
}

export async function runRotations(issuer: Issuer) {
  const rotations = quick ? 15 : 100;
  const results: VariantResult[] = [];
  for (const variant of VARIANTS) {
    log(`rotation: ${variant.label}…`);
    results.push(await runVariant(variant, issuer, rotations));
  }
  const rotationGapMs: Record<string, unknown> = {
    definition:
      "per rotation, the longest silence in a 5 ms numbered server stream from the trigger to the next trigger: last message delivered before the connection stopped delivering -> first delivered after (replays count); ~5 ms = no interruption",
  };
  const messagesLost: Record<string, unknown> = { streamPeriodMs: 5 };
  for (const r of results) {
    const variant = VARIANTS.find((v) => v.key === r.key)!;
    if (variant.gap) {
      rotationGapMs[r.key] = r.neverRecovered
        ? { label: r.label, median: null, p95: null, recovered: false, downMs: r.downMs, windowMs: r.windowMs }
        : { label: r.label, ...r.gapMs, inPlaceRotations: r.inPlace, noRotationBaselineMs: r.baselineMs };
    }
    messagesLost[r.key] = {
      label: r.label,
      recovery: variant.recovery,
      rotations: r.rotations,
      sent: r.sent,
      lost: r.lost,
      duplicates: r.duplicates,
      ...(r.neverRecovered ? { recovered: false } : {}),
    };
  }
  return { rotationGapMs, messagesLost };
}

export function rotationRows(r: Awaited<ReturnType<typeof runRotations>>): Row[] {
  const rows: Row[] = [];
  for (const v of VARIANTS.filter((x) => x.gap)) {
    const g = r.rotationGapMs[v.key] as {
      median: number | null;
      p95: number | null;
      n?: number;
      recovered?: boolean;
      downMs?: number;
      windowMs?: number;
      noRotationBaselineMs?: number;
    };
    const value =
      g.recovered === false
        ? `down ${g.downMs} ms of a ${g.windowMs} ms window, never recovers`
        : `median ${fmt(g.median, " ms")}, p95 ${fmt(g.p95, " ms")} (n=${g.n}; no-rotation baseline ${g.noRotationBaselineMs} ms)`;
    rows.push(["rotationGapMs", v.label, value, v.key === "inPlace" ? "~5 ms (no gap)" : ""]);
  }
  for (const v of VARIANTS) {
    const m = r.messagesLost[v.key] as { lost: number; sent: number; rotations: number; recovered?: boolean };
    rows.push([
      "messagesLost",
      v.label,
      `${m.lost} of ${m.sent} over ${m.rotations} rotation${m.rotations === 1 ? "" : "s"}${m.recovered === false ? " (down for good)" : ""}`,
      "0",
    ]);
  }
  return rows;
}