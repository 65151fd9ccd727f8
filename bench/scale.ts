// scale: many handles in this process (each its own session, so refreshes are independent) against one server in a
// child process, with short real token lifetimes; watched for a while.
import { spawn, type ChildProcess } from "node:child_process";
import { once as onceEvent } from "node:events";
import { fileURLToPath } from "node:url";
import { createAuthedSocket, type AuthedSocket } from "supertokens-socket";
import { fakeSession, type FakeSession } from "../test/support/fakeSession";
import type { Issuer } from "../test/support/jwks";
import { log, now, quick, round, sleep, stats, until, type Row } from "./support";

interface ServerSample {
  cpuMs: number;
  handshakes: number;
  reauths: number;
  disconnects: number;
  sockets: number;
  connections: number;
}

async function startChild(jwksUri: string): Promise<{ url: string; child: ChildProcess; sample(): Promise<ServerSample> }> {
  const main = fileURLToPath(new URL("./scaleServer.ts", import.meta.url));
  // stdout of the child goes to our stderr: stdout is kept for the table / JSON.
  const child = spawn(process.execPath, ["--import", "tsx", main, jwksUri], { stdio: ["ignore", 2, 2, "ipc"] });
  const [ready] = (await onceEvent(child, "message")) as [{ url: string }];
  return {
    url: ready.url,
    child,
    async sample() {
      child.send("sample");
      const [s] = (await onceEvent(child, "message")) as [ServerSample];
      return s;
    },
  };
}

export async function runScale(issuer: Issuer) {
  const handles = quick ? 200 : 1_000;
  const lifetimeMs = quick ? 6_000 : 10_000;
  const watchMs = quick ? 8_000 : 25_000;
  const server = await startChild(issuer.jwksUri);

  // Worst case for a herd: every session starts at once, so every token expires in the same second or two.
  const sessions: FakeSession[] = Array.from({ length: handles }, () => fakeSession(issuer, { lifetimeMs }));
  const signStart = Date.now();
  for (let i = 0; i < handles; i += 100) await Promise.all(sessions.slice(i, i + 100).map((s, j) => s.signIn(`scale-${i + j}`)));
  log(`scale: ${handles} sessions signed in ${Date.now() - signStart} ms; connecting…`);

  const refreshCalls: number[] = [];
  let connectErrors = 0;
  let errors = 0;
  let unauthenticated = 0;
  let reconnectRotations = 0;
  let inPlaceRotations = 0;
  const latencies: number[] = [];
  const all: AuthedSocket[] = [];
  const t0 = now();
  for (let i = 0; i < handles; i += 50) {
    const batch = await Promise.all(
      sessions.slice(i, i + 50).map((s) => {
        const refresh = () => {
          refreshCalls.push(now());
          return s.attemptRefreshingSession();
        };
        return createAuthedSocket(server.url, { getAccessToken: s.getAccessToken, attemptRefreshingSession: refresh });
      }),
    );
    for (const h of batch) {
      let refreshingSince: number | undefined;
      h.socket.on("connect_error", () => connectErrors++);
      h.on("error", () => errors++);
      h.on("unauthenticated", () => unauthenticated++);
      h.on("status", (status) => {
        if (status === "refreshing") refreshingSince = now();
      });
      h.on("token", (e) => {
        if (e.inPlace) inPlaceRotations++;
        else if (refreshingSince !== undefined) reconnectRotations++;
        if (refreshingSince !== undefined) latencies.push(now() - refreshingSince);
        refreshingSince = undefined;
      });
    }
    all.push(...batch);
  }
  await until(() => all.every((h) => h.status === "connected"), "every handle connected", 60_000, 20);
  const rampMs = Math.round(now() - t0);
  log(`scale: ${handles} handles connected in ${rampMs} ms; watching ${watchMs / 1000} s…`);
  await sleep(300);

  // The window.
  const counters = () => ({ connectErrors, errors, unauthenticated, reconnectRotations, inPlaceRotations });
  const c0 = counters();
  latencies.length = 0;
  const s0 = await server.sample();
  const w0 = now();
  const callsBefore = refreshCalls.length;
  const sessionRefreshes = () => sessions.reduce((sum, s) => sum + s.refreshes, 0);
  const r0 = sessionRefreshes();
  await sleep(watchMs);
  const s1 = await server.sample();
  const w1 = now();
  const c1 = counters();
  const r1 = sessionRefreshes();
  // A handle caught mid-rotation at the window's end is still on its open connection: let the rotations finish.
  const midRotation = all.filter((h) => h.status !== "connected").length;
  await until(() => all.every((h) => h.status === "connected"), "rotations to settle", 5_000, 20).catch(() => undefined);
  const notConnected = all.filter((h) => h.status !== "connected").length;

  // Refresh calls per second of the window, and the busiest one-second stretch (100 ms steps).
  const inWindow = refreshCalls.slice(callsBefore).filter((t) => t >= w0 && t < w1);
  const perSecond = Array.from({ length: Math.ceil((w1 - w0) / 1000) }, (_, s) => inWindow.filter((t) => t >= w0 + s * 1000 && t < w0 + (s + 1) * 1000).length);
  let peak = 0;
  for (let start = w0; start + 1000 <= w1; start += 100) peak = Math.max(peak, inWindow.filter((t) => t >= start && t < start + 1000).length);
  const mean = inWindow.length / ((w1 - w0) / 1000);
  const rotations = s1.reauths - s0.reauths + (s1.handshakes - s0.handshakes);
  const margin = Math.min(Math.max(1_000, lifetimeMs / 5), lifetimeMs / 2);

  for (const h of all) h.close();
  server.child.send("close");
  await onceEvent(server.child, "exit");

  const delta = (k: keyof ReturnType<typeof counters>) => c1[k] - c0[k];
  return {
    handles,
    tokenLifetimeMs: lifetimeMs,
    refreshMarginMs: margin,
    jitterMs: margin / 2,
    watchMs,
    rampMs,
    failedReconnects: delta("connectErrors") + delta("unauthenticated"),
    connectErrors: delta("connectErrors"),
    handleErrors: delta("errors"),
    unauthenticated: delta("unauthenticated"),
    midRotationAtEnd: midRotation,
    notConnectedAfterSettle: notConnected,
    rotations: { inPlace: delta("inPlaceRotations"), reconnect: delta("reconnectRotations"), serverSide: rotations },
    rotationLatencyMs: stats(latencies),
    refreshes: {
      total: inWindow.length,
      sessionRefreshes: r1 - r0,
      meanPerSecond: round(mean, 1),
      peakPerSecond: peak,
      peakToMean: round(peak / mean, 1),
      perSecond,
      thunderingHerd: peak / mean >= 3,
    },
    server: {
      process: "child process (tsx), authenticateSockets via the test suite's startAuthServer",
      cpuMs: round(s1.cpuMs - s0.cpuMs, 0),
      cpuPercentOfOneCore: round(((s1.cpuMs - s0.cpuMs) / (w1 - w0)) * 100, 1),
      cpuMsPerRotation: rotations > 0 ? round((s1.cpuMs - s0.cpuMs) / rotations, 3) : null,
      connectionsAtEnd: s1.connections,
    },
  };
}

/** 0,0,18,982,0,0,0 -> "0×2 18 982 0×3" */
function compact(series: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < series.length; ) {
    let j = i;
    while (j < series.length && series[j] === series[i]) j++;
    parts.push(j - i > 1 ? `${series[i]}×${j - i}` : `${series[i]}`);
    i = j;
  }
  return parts.join(" ");
}

export function scaleRows(r: Awaited<ReturnType<typeof runScale>>): Row[] {
  return [
    ["scale", `${r.handles} handles, ${r.tokenLifetimeMs / 1000} s tokens, ${r.watchMs / 1000} s: failed reconnects`, `${r.failedReconnects} (not connected 5 s after the window: ${r.notConnectedAfterSettle})`, "0"],
    ["scale", "rotations (in place / reconnect)", `${r.rotations.inPlace} / ${r.rotations.reconnect}; latency median ${r.rotationLatencyMs.median} ms, p95 ${r.rotationLatencyMs.p95} ms`, ""],
    [
      "scale",
      "refreshes/s peak (1 s) vs mean",
      `${r.refreshes.peakPerSecond} vs ${r.refreshes.meanPerSecond} (×${r.refreshes.peakToMean}): ${r.refreshes.thunderingHerd ? "herd" : "no herd"}`,
      "no herd",
    ],
    ["scale", "refresh calls in each second of the window", compact(r.refreshes.perSecond), ""],
    ["scale", "server CPU per rotation (child process)", `${r.server.cpuMsPerRotation} ms (${r.server.cpuPercentOfOneCore}% of a core)`, ""],
  ];
}
