// Connection state recovery across nodes with @socket.io/redis-streams-adapter: a client whose node goes away comes
// back on another one, verified again, with its rooms and data, and misses no broadcast; an ended or revoked
// session never comes back that way.
import { describe, expect, it } from "vitest";
import { sessionRoom, userRoom } from "supertokens-socket/server";
import { nextEvent, until } from "../support/wait";
import { startBalancer, type Balancer } from "./support/balancer";
import type { ClusterNode } from "./support/clusterNode";
import { connectRedis } from "./support/redisClient";
import { redisServerOrSkip } from "./support/redisServer";
import { useCluster } from "./support/useCluster";

const REVOKED = "revoked-sessions";
const expOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number }).exp * 1000;

describe.skipIf(!redisServerOrSkip("the cluster suite"))("recovery across nodes (redis-streams-adapter)", () => {
  const cluster = useCluster(["A", "B"], { adapter: "streams", revokedSetKey: REVOKED });
  const A = () => cluster.nodes[0]!;
  const B = () => cluster.nodes[1]!;

  /** A balancer that sends the client to `first`, a 100 msg/s broadcast from `other`, and the ticks the client got. */
  async function onStream(first: ClusterNode, other: ClusterNode, session: Parameters<Cluster["connect"]>[1]) {
    const balancer: Balancer = await startBalancer([first.url]);
    cluster.defer(() => balancer.close());
    const handle = await cluster.connect(balancer.url, session);
    const ticks: number[] = [];
    handle.socket.on("tick", (n: number) => void ticks.push(n));
    await other.broadcast(100);
    cluster.defer(() => other.stopBroadcast().catch(() => {}));
    await until(() => ticks.length >= 10, "the first ticks");
    return { balancer, handle, ticks };
  }
  type Cluster = typeof cluster;

  it("brings a client whose node shuts down back on another node: verified again, same rooms and data, no tick lost", async () => {
    const node = await cluster.addNode("A2");
    const session = await cluster.session("k-u1", "k-sh1");
    const { balancer, handle, ticks } = await onStream(node, B(), session);
    const before = (await node.state()).sockets[0]!;
    expect(before).toMatchObject({ joinedOn: "A2", rooms: expect.arrayContaining(["app:lobby", sessionRoom("k-sh1"), userRoom("k-u1")]) });
    // The token rotates while the node goes away: the new node must judge the socket by the token it is shown.
    const fresh = await session.replaceToken();
    balancer.targets = [B().url];
    const back = nextEvent(handle, "status", (s) => s === "connected", 10_000);
    await node.close(); // SIGTERM-like: io.close(), every socket ends with "server shutting down"
    await back;
    const seen = ticks.length;
    await until(() => ticks.length >= seen + 20, "ticks after the move");
    const sent = await B().stopBroadcast();
    await until(() => ticks.length >= sent, `all ${sent} ticks`, 5000).catch(() => {});
    expect(ticks).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
    const after = (await B().state()).sockets.find((s) => s.id === before.id)!;
    expect(after).toMatchObject({ recovered: true, joinedOn: "A2", userId: "k-u1", sessionHandle: "k-sh1", expiresAt: expOf(fresh) });
    expect(after.rooms.sort()).toEqual(before.rooms.sort());
    expect(handle.status).toBe("connected");
  });

  it("does not bring an ended session back through recovery: the client reconnects as a new socket", async () => {
    const session = await cluster.session("n-u1", "n-sh1");
    const { handle } = await onStream(A(), B(), session);
    const before = (await A().state()).sockets[0]!;
    const reconnected = nextEvent(handle, "status", (s) => s === "connected", 10_000);
    expect(await B().endSession("n-sh1")).toBe(1);
    await reconnected; // the backend did not revoke the session: the client comes back with a fresh token
    const now = (await A().state()).sockets;
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ recovered: false });
    expect(now[0]!.id).not.toBe(before.id);
  });

  it("does not let a session revoked while its client was away come back through recovery", async () => {
    const backend = await connectRedis(cluster.redis.url);
    cluster.defer(() => backend.disconnect());
    const node = await cluster.addNode("A3");
    const session = await cluster.session("v-u1", "v-sh1");
    const { balancer, handle } = await onStream(node, B(), session);
    balancer.targets = []; // the client cannot reach any node for now
    const away = nextEvent(handle, "status", (s) => s === "reconnecting");
    await node.close(); // its session is persisted in Redis, rooms and all
    await away;
    // The backend revokes the session: it is recorded, and endSession reaches no socket (the client is away).
    await backend.sAdd(REVOKED, "v-sh1");
    session.revoked = true;
    expect(await B().endSession("v-sh1")).toBe(0);
    const ended = nextEvent(handle, "unauthenticated", () => true, 10_000);
    balancer.targets = [B().url];
    expect((await ended).reason).toMatch(/^(rejected|session-expired)$/);
    expect((await B().state()).sockets.filter((s) => s.sessionHandle === "v-sh1")).toEqual([]);
  });

  it("does not hand a recovered socket's rooms and data to another user's token on the new node", async () => {
    const session = await cluster.session("w-u1", "w-sh1");
    const node = await cluster.addNode("A4");
    const { balancer, handle } = await onStream(node, B(), session);
    await session.signIn("w-intruder"); // the same page, now with another user's token
    balancer.targets = [B().url];
    const outcome = nextEvent(handle, "unauthenticated", () => true, 10_000).then((e) => e.reason);
    await node.close();
    // The handle never moves between users; the node refused to restore the old socket for the new token.
    expect(await outcome).toBe("user-changed");
    expect((await B().state()).sockets.filter((s) => s.userId === "w-u1" || s.userId === "w-intruder")).toEqual([]);
  });
});
