// namespaces: three namespaces of one server on one session, with real short tokens rotating on their own schedule,
// against authenticateSockets (in place) and against SuperTokens' guide (by reconnect) on every namespace; handles
// sharing one connection (the default) beside one Manager per handle (`forceNew: true`), all four in the same run.
import { createAuthedSocket, type AuthedSocket } from "supertokens-socket";
import { fakeSession } from "../test/support/fakeSession";
import type { Issuer } from "../test/support/jwks";
import { startNamespaceServer, type NamespaceStyle } from "../test/support/namespaceServer";
import { fmt, log, quick, Recorder, round, sleep, until, type Row } from "./support";

const NAMESPACES = ["/", "/chat", "/news"];
const LIFETIME_MS = 3_000;

interface Variant {
  key: string;
  label: string;
  style: NamespaceStyle;
  forceNew: boolean;
}

const VARIANTS: Variant[] = [
  { key: "authShared", label: "authenticateSockets, one connection", style: "authenticateSockets", forceNew: false },
  { key: "authPerHandle", label: "authenticateSockets, forceNew (a Manager per handle)", style: "authenticateSockets", forceNew: true },
  { key: "guideShared", label: "guide-style server, one connection", style: "guide", forceNew: false },
  { key: "guidePerHandle", label: "guide-style server, forceNew (a Manager per handle)", style: "guide", forceNew: true },
];

async function runVariant(variant: Variant, issuer: Issuer, watchMs: number) {
  const server = await startNamespaceServer({ style: variant.style, jwksUri: issuer.jwksUri, namespaces: NAMESPACES });
  const session = fakeSession(issuer, { lifetimeMs: LIFETIME_MS });
  // Only the package may merge refreshes (the fake SDK's own cross-tab merge is off), where the option exists.
  (session as { mergesRefreshes?: boolean }).mergesRefreshes = false;
  await session.signIn(`ns-${variant.key}`);
  const recorders = NAMESPACES.map(() => new Recorder());
  const handles: AuthedSocket[] = [];
  for (const [i, nsp] of NAMESPACES.entries()) {
    const handle = await createAuthedSocket(`${server.url}${nsp === "/" ? "" : nsp}`, {
      getAccessToken: session.getAccessToken,
      attemptRefreshingSession: session.attemptRefreshingSession,
      forceNew: variant.forceNew,
      // The guide's server never answers the hello probe: rotations reconnect after this.
      ackTimeoutMs: 500,
    });
    recorders[i]!.attach(handle.socket);
    handles.push(handle);
  }
  await until(() => handles.every((h) => h.status === "connected"), `${variant.key} connected`);
  const stream = server.stream("tick");
  await until(() => recorders.every((r) => r.seqs.length > 5), `${variant.key} stream flowing`);

  const rotations = handles.map(() => 0);
  let reconnectRotations = 0;
  handles.forEach((h, i) =>
    h.on("token", (e) => {
      rotations[i]!++;
      if (!e.inPlace) reconnectRotations++;
    }),
  );
  const engines0 = server.enginesMade;
  const handshakes0 = server.handshakes.length;
  const refreshes0 = session.refreshes;
  const firstSeq = stream.sent();
  await sleep(watchMs);
  const lastSeq = stream.sent() - 1;
  await sleep(200); // in-flight messages up to lastSeq arrive
  stream.stop();

  const meanRotations = rotations.reduce((a, b) => a + b, 0) / rotations.length;
  const refreshes = session.refreshes - refreshes0;
  const enginesMade = server.enginesMade - engines0;
  const handshakes = server.handshakes.length - handshakes0;
  const lost = recorders.map((r) => r.lost(firstSeq, lastSeq));
  const perRotation = (n: number) => (meanRotations > 0 ? round(n / meanRotations, 2) : null);
  const result = {
    label: variant.label,
    handles: handles.length,
    managers: new Set(handles.map((h) => h.socket.io)).size,
    rotationsPerHandle: round(meanRotations, 2),
    reconnectRotations,
    refreshes,
    refreshesPerRotation: perRotation(refreshes),
    engineConnectionsOpen: server.enginesOpen,
    engineConnectionsMade: enginesMade,
    engineConnectionsPerRotation: perRotation(enginesMade),
    handshakesPerRotation: perRotation(handshakes),
    messagesSent: lost.reduce((n, l) => n + l.sent, 0),
    messagesLost: lost.reduce((n, l) => n + l.lost, 0),
  };
  handles.forEach((h) => h.close());
  await server.close();
  return result;
}

export async function runNamespaces(issuer: Issuer) {
  const watchMs = quick ? 8_000 : 30_000;
  log(`namespaces: ${NAMESPACES.length} namespaces × ${VARIANTS.length} variants side by side, ${LIFETIME_MS / 1000} s tokens, ${watchMs / 1000} s…`);
  const results = await Promise.all(VARIANTS.map((v) => runVariant(v, issuer, watchMs)));
  return {
    namespaces: NAMESPACES,
    tokenLifetimeMs: LIFETIME_MS,
    watchMs,
    // The default servers: no connection state recovery, so a namespace that is reconnecting misses what is sent.
    recovery: false,
    ...Object.fromEntries(VARIANTS.map((v, i) => [v.key, results[i]!])),
  };
}

type VariantResult = Awaited<ReturnType<typeof runVariant>>;

export function namespaceRows(r: Awaited<ReturnType<typeof runNamespaces>>): Row[] {
  return VARIANTS.flatMap((v) => {
    const x = (r as unknown as Record<string, VariantResult>)[v.key]!;
    const inPlace = v.style === "authenticateSockets";
    return [
      [
        "namespaces",
        `${v.label}: engine connections`,
        `${x.engineConnectionsOpen} open (${x.managers} Managers), ${fmt(x.engineConnectionsPerRotation)} made per rotation`,
        v.forceNew ? "" : inPlace ? "1 open, 0 per rotation" : "1 open, 1 per rotation",
      ],
      [
        "namespaces",
        `${v.label}: refreshes per rotation`,
        `${fmt(x.refreshesPerRotation)} (${x.refreshes} refreshes, ${x.rotationsPerHandle} rotations/handle)`,
        "1",
      ],
      ["namespaces", `${v.label}: handshakes per rotation`, fmt(x.handshakesPerRotation), inPlace ? "0" : ""],
      ["namespaces", `${v.label}: messages lost`, `${x.messagesLost} of ${x.messagesSent}`, inPlace ? "0" : ""],
    ] as Row[];
  });
}
