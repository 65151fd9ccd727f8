// refreshesPerRotation: session refreshes per rotation when several handles share one session, with real short
// token lifetimes (each handle's own refresh timer, jittered, decides when it rotates).
import { createAuthedSocket, type AuthedSocket } from "supertokens-socket";
import { authenticateSockets } from "supertokens-socket/server";
import { fakeSession, type FakeSession } from "../test/support/fakeSession";
import type { Issuer } from "../test/support/jwks";
import { log, quick, round, sleep, startServer, until, type Row } from "./support";

const LIFETIME_MS = 3_000;

interface Group {
  key: string;
  label: string;
  /** Paths (namespaces) of the handles, all on one session. */
  namespaces: string[];
}

const GROUPS: Group[] = [
  { key: "tenHandles", label: "10 handles, one session", namespaces: Array(10).fill("/") },
  { key: "threeNamespaces", label: "3 namespaces (/a /b /c), one session", namespaces: ["/a", "/b", "/c"] },
];

interface Watched {
  session: FakeSession;
  handles: AuthedSocket[];
  rotations: number[];
  reconnects: number;
  refreshesAtStart: number;
}

async function open(group: Group, url: string, issuer: Issuer): Promise<Watched> {
  const session = fakeSession(issuer, { lifetimeMs: LIFETIME_MS });
  await session.signIn(`user-${group.key}`);
  const handles = await Promise.all(
    group.namespaces.map((ns) =>
      createAuthedSocket(`${url}${ns === "/" ? "" : ns}`, {
        getAccessToken: session.getAccessToken,
        attemptRefreshingSession: session.attemptRefreshingSession,
      }),
    ),
  );
  await until(() => handles.every((h) => h.status === "connected"), `${group.key} connected`);
  const watched: Watched = { session, handles, rotations: handles.map(() => 0), reconnects: 0, refreshesAtStart: session.refreshes };
  handles.forEach((h, i) =>
    h.on("token", (e) => {
      watched.rotations[i]!++;
      if (!e.inPlace) watched.reconnects++;
    }),
  );
  return watched;
}

export async function runRefreshes(issuer: Issuer) {
  const server = await startServer("auth", issuer.jwksUri, false);
  for (const ns of ["/a", "/b", "/c"]) server.io.of(ns).use(authenticateSockets({ jwksUri: issuer.jwksUri, logger: null }));
  const watchMs = quick ? 4_000 : 7_000;
  log(`refreshes: ${GROUPS.map((g) => g.label).join(" + ")}, ${LIFETIME_MS / 1000} s tokens, ${watchMs / 1000} s…`);
  const groups = await Promise.all(GROUPS.map((g) => open(g, server.url, issuer)));
  await sleep(watchMs);
  const out: Record<string, unknown> = { tokenLifetimeMs: LIFETIME_MS, watchMs, goal: 1 };
  const connections = server.io.engine.clientsCount;
  GROUPS.forEach((group, i) => {
    const w = groups[i]!;
    const refreshes = w.session.refreshes - w.refreshesAtStart;
    const meanRotations = w.rotations.reduce((a, b) => a + b, 0) / w.rotations.length;
    out[group.key] = {
      label: group.label,
      handles: w.handles.length,
      refreshes,
      rotationsPerHandle: round(meanRotations, 2),
      refreshesPerRotation: meanRotations > 0 ? round(refreshes / meanRotations, 2) : null,
      reconnectRotations: w.reconnects,
      // socket.io multiplexes namespaces over one connection, and so do handles of one session (issue 13).
      ...(group.key === "threeNamespaces" ? { serverConnections: connections - groups[0]!.handles.length } : {}),
    };
    w.handles.forEach((h) => h.close());
  });
  await server.close();
  return out;
}

export function refreshRows(r: Awaited<ReturnType<typeof runRefreshes>>): Row[] {
  return GROUPS.map((g) => {
    const x = r[g.key] as { refreshesPerRotation: number | null; refreshes: number; rotationsPerHandle: number; serverConnections?: number };
    const conns = x.serverConnections === undefined ? "" : `; ${x.serverConnections} TCP connections`;
    return [
      "refreshesPerRotation",
      g.label,
      `${x.refreshesPerRotation ?? "n/a"} (${x.refreshes} refreshes, ${x.rotationsPerHandle} rotations/handle${conns})`,
      "1",
    ] as Row;
  });
}
