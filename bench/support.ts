// Shared by every benchmark: flags, logging, statistics, the numbered server stream and its client-side recorder,
// the servers (the test suite's own helpers), and garbage collection.
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Server } from "socket.io";
import type { Socket as ClientSocket } from "socket.io-client";
import { startAuthServer } from "../test/support/authServer";
import { startSeedServer } from "../test/support/seedServer";

export const args = process.argv.slice(2);
/** `--json`: one JSON object on stdout, every human line on stderr. */
export const jsonMode = args.includes("--json");
/** `--quick`: a short smoke run (fewer rotations, handles and seconds). */
export const quick = args.includes("--quick");
/** `--only=bundle,leak`: run only these sections (handy while working on one). */
export const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");

/** Progress and notes: always stderr, so stdout carries only the table (or the JSON). */
export const log = (...parts: unknown[]) => console.error("[bench]", ...parts);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const now = () => performance.now();
export const round = (x: number | null | undefined, digits = 1): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

export interface Stats {
  n: number;
  median: number | null;
  p95: number | null;
  max: number | null;
}

/** Nearest-rank percentiles. */
export function stats(values: number[], digits = 1): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : null);
  return { n: sorted.length, median: round(at(0.5), digits), p95: round(at(0.95), digits), max: round(at(1), digits) };
}

/** Waits for `predicate`, checking every `stepMs`; throws after `timeoutMs`. */
export async function until(predicate: () => boolean, label: string, timeoutMs = 10_000, stepMs = 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await sleep(stepMs);
  }
}

type Listenable = { once(event: string, fn: (...a: any[]) => void): unknown; off(event: string, fn: (...a: any[]) => void): unknown };

/** The arguments of the next `event`, or a rejection after `timeoutMs`. */
export function once<T extends unknown[] = unknown[]>(emitter: Listenable, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = (...a: unknown[]) => {
      clearTimeout(timer);
      resolve(a as T);
    };
    const timer = setTimeout(() => {
      emitter.off(event, fn);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.once(event, fn);
  });
}

/** CPU time (user + system) of this process, in ms. */
export const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** `global.gc` when node runs with --expose-gc, else enabled at run time (V8 allows it), else undefined. */
export function getGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

/** Timers (setTimeout/setInterval) alive in this process. */
export const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

/** Listeners on a socket.io-client emitter (component-emitter keeps them in `_callbacks`). */
export function clientListeners(emitter: unknown): number {
  const callbacks = (emitter as { _callbacks?: Record<string, unknown[]> })._callbacks ?? {};
  return Object.values(callbacks).reduce((sum, list) => sum + list.length, 0);
}

/** Listeners on a Node EventEmitter (a server-side socket). */
export function nodeListeners(emitter: { eventNames(): (string | symbol)[]; listenerCount(e: string | symbol): number }): number {
  return emitter.eventNames().reduce((sum, e) => sum + emitter.listenerCount(e), 0);
}

// --- the numbered stream ---------------------------------------------------------------------------------------

export const STREAM_PERIOD_MS = 5;

/** The server side: `tick` with a number, to every socket of the namespace, every 5 ms. */
export class Stream {
  seq = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  constructor(private readonly io: Server) {}
  start(): this {
    this.timer = setInterval(() => this.io.emit("tick", this.seq++), STREAM_PERIOD_MS);
    return this;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/** The client side: when each numbered message arrived, on every socket it is attached to. */
export class Recorder {
  readonly at: number[] = [];
  readonly seqs: number[] = [];
  readonly attach = (socket: ClientSocket): void => {
    socket.on("tick", (seq: number) => {
      this.at.push(now());
      this.seqs.push(seq);
    });
  };
  /** Arrivals after `t`. */
  countAfter(t: number): number {
    let n = 0;
    for (let i = this.at.length - 1; i >= 0 && this.at[i]! > t; i--) n++;
    return n;
  }
  /**
   * The longest silence in [from, to): from the last message delivered before the connection stopped delivering to
   * the first one delivered after it (the last arrival before `from` included).
   */
  longestSilence(from: number, to: number): number {
    let prev: number | undefined;
    let longest = 0;
    for (const t of this.at) {
      if (t < from) {
        prev = t;
        continue;
      }
      if (t >= to) break;
      if (prev !== undefined) longest = Math.max(longest, t - prev);
      prev = t;
    }
    return longest;
  }
  /** Sent numbers in [first, last] never received (and how many arrived twice). */
  lost(first: number, last: number): { sent: number; lost: number; duplicates: number } {
    const seen = new Set<number>();
    let duplicates = 0;
    for (const s of this.seqs) {
      if (s < first || s > last) continue;
      if (seen.has(s)) duplicates++;
      seen.add(s);
    }
    const sent = last - first + 1;
    return { sent, lost: sent - seen.size, duplicates };
  }
}

// --- servers ---------------------------------------------------------------------------------------------------

export type ServerKind = "auth" | "authKick" | "seed";

export interface BenchServer {
  url: string;
  io: Server;
  close(): Promise<void>;
}

/**
 * The test suite's servers, unchanged: `auth` = authenticateSockets (default 1 s expiry grace), `authKick` = the same
 * with `expiryGraceMs: 0` (disconnects at `exp`), `seed` = SuperTokens' guide (jsonwebtoken + jwks-rsa, token in query).
 */
export async function startServer(kind: ServerKind, jwksUri: string, recovery: boolean): Promise<BenchServer> {
  const options = recovery ? { connectionStateRecovery: { skipMiddlewares: false, maxDisconnectionDuration: 60_000 } } : {};
  if (kind === "seed") return startSeedServer(jwksUri, options);
  return startAuthServer({ jwksUri, ...(kind === "authKick" ? { expiryGraceMs: 0 } : {}) }, options);
}

// --- output ----------------------------------------------------------------------------------------------------

export type Row = [section: string, figure: string, value: string, goal: string];

export function formatTable(rows: Row[]): string {
  const header: Row = ["section", "figure", "value", "goal"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: Row) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export const fmt = (x: number | null | undefined, unit = "") => (x === null || x === undefined ? "n/a" : `${x}${unit}`);
export const kb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? "n/a" : `${(bytes / 1024).toFixed(2)} KB`);
