// Revocation through Redis outages (@socket.io/redis-adapter): a session ended while a node is cut off from Redis
// (a TCP proxy of the test's own between that node and Redis, or Redis restarted), and an ending from an API process
// whose own Redis connection blips. With the defaults, no socket of an ended session is left on any node within 5 s
// of that node's reconnection; other sockets stay connected, without a reconnect; a cut-off node keeps serving and
// says what it could not learn.
import { describe, expect, it } from "vitest";
import type { AuthedSocket, AuthedSocketStatus } from "supertokens-socket";
import { nextOutcome, openClient } from "../support/authServer";
import { startTcpProxy, type TcpProxy } from "../support/tcpProxy";
import { nextEvent, untilAsync } from "../support/wait";
import type { ClusterNode } from "./support/clusterNode";
import { startEmitterProcess, type EmitterProcess } from "./support/emitterProcess";
import { redisServerOrSkip } from "./support/redisServer";
import { useCluster } from "./support/useCluster";

const whoami = (handle: AuthedSocket) => handle.socket.timeout(5000).emitWithAck("whoami") as Promise<{ sessionHandle: string; node: string }>;
const hasSession = async (node: ClusterNode, sessionHandle: string) => (await node.state()).sockets.some((s) => s.sessionHandle === sessionHandle);

describe.skipIf(!redisServerOrSkip("the cluster suite"))("revocation through Redis outages (redis-adapter)", () => {
  const cluster = useCluster(["A", "B"], { adapter: "pubsub" });
  const A = () => cluster.nodes[0]!;
  const B = () => cluster.nodes[1]!;

  /** A TCP proxy to the cluster's Redis, closed after the test; `redisUrl` is what a client connects to. */
  async function redisLink(): Promise<TcpProxy & { redisUrl: string }> {
    const proxy = await startTcpProxy(cluster.redis.url);
    cluster.defer(() => proxy.close());
    return Object.assign(proxy, { redisUrl: proxy.url.replace("http:", "redis:") });
  }

  async function emitterOn(redisUrl: string, api = false): Promise<EmitterProcess> {
    const emitter = await startEmitterProcess(redisUrl, { api });
    cluster.defer(() => emitter.close());
    return emitter;
  }

  /** Every status a handle goes through from now on. */
  function statuses(handle: AuthedSocket): AuthedSocketStatus[] {
    const seen: AuthedSocketStatus[] = [];
    handle.on("status", (s) => void seen.push(s));
    return seen;
  }

  /** Cuts the proxy and waits until the node behind it knows it is cut off. */
  async function cut(link: TcpProxy, node: { state(): Promise<{ redisReady: boolean }> }) {
    link.cut();
    await untilAsync(async () => !(await node.state()).redisReady, "the node to lose Redis");
  }

  describe.each([
    ["endSession from another node", (ends: Ends) => B().endSession(ends.sessionHandle)],
    ["endUserSessions from another node", (ends: Ends) => B().endUserSessions(ends.userId)],
    ["endSession through an emitter", (ends: Ends) => ends.emitter.endSession(ends.sessionHandle)],
    ["endUserSessions through an emitter", (ends: Ends) => ends.emitter.endUserSessions(ends.userId)],
  ])("a node cut off from Redis while a session is ended (%s)", (_, end) => {
    it("ends that session's sockets there once it is back, serves meanwhile, and leaves the others alone", async () => {
      const tag = `c${Math.random().toString(36).slice(2, 7)}`;
      const link = await redisLink();
      const C = await cluster.addNode(`C-${tag}`, { redisUrl: link.redisUrl });
      cluster.defer(() => C.close());
      const ended = await cluster.session(`${tag}-u1`, `${tag}-sh1`);
      const kept = await cluster.session(`${tag}-u2`, `${tag}-sh2`);
      const onA = await cluster.connect(A().url, ended);
      const onC = await cluster.connect(C.url, ended);
      const keptOnC = await cluster.connect(C.url, kept);
      const keptOnA = await cluster.connect(A().url, kept);
      const keptSeen = [statuses(keptOnC), statuses(keptOnA)];
      const keptIds = (await C.state()).sockets.filter((s) => s.sessionHandle === `${tag}-sh2`).map((s) => s.id);
      const emitter = await emitterOn(cluster.redis.url);

      await cut(link, C);
      ended.revoked = true; // the backend revoked it: the clients' refreshes fail, so an ended handle goes unauthenticated
      const goneFromA = nextEvent(onA, "unauthenticated");
      const goneFromC = nextEvent(onC, "unauthenticated", () => true, 20_000);
      await end({ sessionHandle: `${tag}-sh1`, userId: `${tag}-u1`, emitter });
      await goneFromA; // the nodes that hear Redis end theirs at once

      // Cut off, C still serves the sockets it has (the ended one too: it cannot know yet), and says why.
      expect(await whoami(onC)).toMatchObject({ node: C.name, sessionHandle: `${tag}-sh1` });
      await untilAsync(async () => (await C.state()).warnings.some((w) => w.includes("cannot read the record of ended sessions")), "C's warning");

      link.restore();
      await untilAsync(async () => (await C.state()).redisReady, "C to reach Redis again");
      await untilAsync(async () => !(await hasSession(C, `${tag}-sh1`)), "the ended session's socket to go from C", 5_000);
      await goneFromC;
      expect((await C.state()).warnings.at(-1)).toMatch(/reaches Redis again after \d+ ms/);
      // The others never noticed: connected, on the same sockets, with no reconnect.
      expect(await Promise.all([keptOnC, keptOnA].map(whoami))).toMatchObject([{ node: C.name }, { node: "A" }]);
      expect(keptSeen).toEqual([[], []]);
      expect((await C.state()).sockets.filter((s) => s.sessionHandle === `${tag}-sh2`).map((s) => s.id)).toEqual(keptIds);
    });
  });

  it("a node that heard the disconnect does not end the session again from the record: a client re-authenticated comes back once", async () => {
    const session = await cluster.session("q-u1", "q-sh1"); // not revoked: ended only to make it verify again
    const handle = await cluster.connect(A().url, session);
    const seen = statuses(handle);
    const back = nextEvent(handle, "status", (s) => s === "connected");
    expect(await B().endSession("q-sh1")).toBe(1);
    await back;
    const [socket] = (await A().state()).sockets.filter((s) => s.sessionHandle === "q-sh1");
    // Two reads of the record by A since the client came back: each would have ended it again.
    const reads = (await A().state()).recordReads;
    await untilAsync(async () => (await A().state()).recordReads >= reads + 2, "two more reads of the record by A");
    expect((await A().state()).sockets.filter((s) => s.sessionHandle === "q-sh1").map((s) => s.id)).toEqual([socket!.id]);
    expect(seen.filter((s) => s === "connected")).toHaveLength(1);
  });

  it("counts only the nodes that hear Redis: 1 for a session with a socket on a cut-off node too, which ends it later", async () => {
    const link = await redisLink();
    const C = await cluster.addNode("C-count", { redisUrl: link.redisUrl });
    cluster.defer(() => C.close());
    const session = await cluster.session("n-u1", "n-sh1");
    await cluster.connect(A().url, session);
    await cluster.connect(C.url, session);
    await cut(link, C);
    session.revoked = true;
    // What README says the number means: the sockets of the nodes subscribed at that moment.
    expect(await B().endSession("n-sh1")).toBe(1);
    link.restore();
    await untilAsync(async () => !(await hasSession(C, "n-sh1")), "the uncounted socket to end", 10_000);
  });

  it("ends what was ended through a Redis restart, on nodes that re-subscribe after the ending was published", async () => {
    const ended = await cluster.session("r-u1", "r-sh1");
    const kept = await cluster.session("r-u2", "r-sh2");
    const gone = [await cluster.connect(A().url, ended), await cluster.connect(B().url, ended)].map((h) => nextEvent(h, "unauthenticated", () => true, 20_000));
    const keptHandle = await cluster.connect(B().url, kept);
    const keptSeen = statuses(keptHandle);
    const emitter = await emitterOn(cluster.redis.url);

    await cluster.redis.stop();
    await untilAsync(async () => !(await emitter.state()).redisReady, "the emitter to lose Redis");
    ended.revoked = true;
    // The emitter retries while its client reconnects: the ending is recorded in the new Redis, whoever subscribes first.
    const ending = emitter.endSession("r-sh1");
    await cluster.redis.start();
    expect((await ending).result).toBeNull();
    await untilAsync(async () => (await Promise.all([A(), B()].map((n) => n.state()))).every((s) => s.redisReady), "the nodes to reach Redis again");
    await untilAsync(async () => !(await hasSession(A(), "r-sh1")) && !(await hasSession(B(), "r-sh1")), "the ended session's sockets to go", 5_000);
    await Promise.all(gone);
    expect(await whoami(keptHandle)).toMatchObject({ node: "B", sessionHandle: "r-sh2" });
    expect(keptSeen).toEqual([]);
  });

  it("an API process whose Redis connection blips keeps the ending and applies it once it is back", async () => {
    const link = await redisLink();
    const emitter = await emitterOn(link.redisUrl);
    const ended = await cluster.session("b-u1", "b-sh1");
    const kept = await cluster.session("b-u2", "b-sh2");
    const gone = nextEvent(await cluster.connect(A().url, ended), "unauthenticated", () => true, 20_000);
    const keptHandle = await cluster.connect(B().url, kept);
    const keptSeen = statuses(keptHandle);

    await cut(link, emitter);
    ended.revoked = true;
    const ending = emitter.endSession("b-sh1"); // retried while the client reconnects, within endSession's bound
    expect(await hasSession(A(), "b-sh1")).toBe(true);
    link.restore();
    expect((await ending).result).toBeNull();
    await gone;
    expect(await whoami(keptHandle)).toMatchObject({ sessionHandle: "b-sh2" });
    expect(keptSeen).toEqual([]);
  });

  it("endSocketsOnRevoke: a sign-out answers while the API's Redis is away, and its sockets end once it is back", async () => {
    const link = await redisLink();
    const api = await emitterOn(link.redisUrl, true);
    // Nodes that verify the tokens of the API's (emulated) core.
    const node = await cluster.addNode("S", { jwksUri: (await api.state()).jwksUri! });
    cluster.defer(() => node.close());
    const [signedOut, other] = [await api.signIn("so-u1"), await api.signIn("so-u2")];
    const [socket, otherSocket] = [signedOut, other].map(({ accessToken }) => openClient(node.url, { auth: { token: accessToken } }));
    cluster.defer(() => [socket, otherSocket].forEach((s) => s!.disconnect()));
    expect(await Promise.all([socket, otherSocket].map((s) => nextOutcome(s!)))).toEqual([{ connected: true }, { connected: true }]);
    const otherDropped: string[] = [];
    otherSocket!.on("disconnect", (reason) => void otherDropped.push(reason));
    const disconnected = new Promise<string>((resolve) => socket!.once("disconnect", resolve));

    await cut(link, api);
    // Answers within its own timeoutMs (1 s), while Redis is still away: the sign-out does not wait for it.
    expect(await api.revokeSession(signedOut.sessionHandle)).toBe(true);
    expect(socket!.connected).toBe(true);
    link.restore();
    expect(await disconnected).toBe("io server disconnect");
    expect(otherSocket!.connected).toBe(true);
    expect(otherDropped).toEqual([]);
    expect((await api.state()).warnings).toEqual([]);
  });
});

/** What a test ends, and the API process it may end it from. */
interface Ends {
  sessionHandle: string;
  userId: string;
  emitter: EmitterProcess;
}
