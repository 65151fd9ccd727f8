// Ending sessions on a cluster of three socket.io processes joined by @socket.io/redis-adapter, from a node that
// holds none of the sockets, and from the API backend's process (no socket.io) through @socket.io/redis-emitter.
import { describe, expect, it } from "vitest";
import type { AuthedSocket } from "supertokens-socket";
import { sessionRoom, userRoom } from "supertokens-socket/server";
import { debugLines, nextEvent } from "../support/wait";
import { startEmitterProcess, type EmitterProcess } from "./support/emitterProcess";
import { redisServerOrSkip } from "./support/redisServer";
import { useCluster } from "./support/useCluster";

const whoami = (handle: AuthedSocket) => handle.socket.timeout(5000).emitWithAck("whoami") as Promise<{ userId: string; sessionHandle: string; node: string }>;

describe.skipIf(!redisServerOrSkip("the cluster suite"))("ending sessions across nodes (redis-adapter)", () => {
  const cluster = useCluster(["A", "B", "C"], { adapter: "pubsub" });
  const [A, B, C] = [0, 1, 2].map((i) => () => cluster.nodes[i]!);

  /** Three handles of one session on A and B, the same user's other session on A, another user on B. */
  async function spread(tag: string) {
    const revoked = await cluster.session(`${tag}-u1`, `${tag}-sh1`);
    const sibling = await cluster.session(`${tag}-u1`, `${tag}-sh2`);
    const stranger = await cluster.session(`${tag}-u2`, `${tag}-sh3`);
    const ended = [
      await cluster.connect(A().url, revoked),
      await cluster.connect(A().url, revoked),
      await cluster.connect(B().url, revoked),
    ];
    const siblingHandle = await cluster.connect(A().url, sibling);
    const strangerHandle = await cluster.connect(B().url, stranger);
    return { revoked, sibling, ended, siblingHandle, strangerHandle };
  }

  /** The backend revoked the session: the client's refresh fails, so an ended handle goes unauthenticated. */
  const unauthenticated = (handles: AuthedSocket[]) => Promise.all(handles.map((h) => nextEvent(h, "unauthenticated")));

  it("ends a session's sockets on every node from a node that holds none, and only those", async () => {
    const { revoked, ended, siblingHandle, strangerHandle } = await spread("s");
    const state = await A().state();
    expect(state.sockets.find((s) => s.sessionHandle === "s-sh1")!.rooms).toEqual(expect.arrayContaining([sessionRoom("s-sh1"), userRoom("s-u1")]));
    revoked.revoked = true;
    const gone = unauthenticated(ended);
    expect(await C().endSession("s-sh1")).toBe(3);
    expect((await gone).map((e) => e.reason)).toEqual(["session-expired", "session-expired", "session-expired"]);
    expect(await whoami(siblingHandle)).toMatchObject({ sessionHandle: "s-sh2", node: "A" });
    expect(await whoami(strangerHandle)).toMatchObject({ userId: "s-u2", node: "B" });
    expect(await C().endSession("s-sh1")).toBe(0);
  });

  it("ends every session of a user on every node from another node, and no other user's", async () => {
    const { revoked, sibling, ended, siblingHandle, strangerHandle } = await spread("u");
    revoked.revoked = true;
    sibling.revoked = true;
    const gone = unauthenticated([...ended, siblingHandle]);
    expect(await C().endUserSessions("u-u1")).toBe(4);
    await gone;
    expect(await whoami(strangerHandle)).toMatchObject({ userId: "u-u2" });
  });

  describe("from a process without socket.io, through an emitter", () => {
    let emitter: EmitterProcess;
    const start = async () => {
      emitter = await startEmitterProcess(cluster.redis.url);
      cluster.defer(() => emitter.close());
    };

    it("ends a session's sockets on every node; the emitter cannot count, so endSession resolves undefined", async () => {
      await start();
      const { revoked, ended, siblingHandle, strangerHandle } = await spread("e");
      revoked.revoked = true;
      const gone = unauthenticated(ended);
      expect((await emitter.endSession("e-sh1")).result).toBeNull(); // undefined, as IPC carries it
      await gone;
      expect(await whoami(siblingHandle)).toMatchObject({ sessionHandle: "e-sh2" });
      expect(await whoami(strangerHandle)).toMatchObject({ userId: "e-u2" });
    });

    it("ends every session of a user on every node", async () => {
      await start();
      const { revoked, sibling, ended, siblingHandle, strangerHandle } = await spread("f");
      revoked.revoked = true;
      sibling.revoked = true;
      const gone = unauthenticated([...ended, siblingHandle]);
      await emitter.endUserSessions("f-u1");
      await gone;
      expect(await whoami(strangerHandle)).toMatchObject({ userId: "f-u2" });
    });
  });

  it("rotates in place on a cluster node: fresh tokens on the same connection, the node's expiry follows them", async () => {
    const session = await cluster.session("r-u1", "r-sh1", 2000);
    const log = debugLines();
    const handle = await cluster.connect(B().url, session, { logger: log.logger });
    // Until the node's answer to the hello grants in-place hand-over, a rotation due reconnects (a new socket id).
    await log.granted();
    const id = handle.socket.id;
    const inPlace: number[] = [];
    handle.on("token", (e) => void (e.inPlace && inPlace.push(e.expiresAt!)));
    await nextEvent(handle, "token", (e) => e.inPlace && inPlace.length >= 2, 10_000);
    expect(handle.socket.id).toBe(id);
    const onNode = (await B().state()).sockets.find((s) => s.id === id)!;
    expect(onNode.expiresAt).toBe(inPlace[inPlace.length - 1]);
  });
});
