import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createAuthedSocket, type AuthedSocket, type AuthedSocketOptions } from "supertokens-socket";
import { startIssuer, type Issuer } from "../../support/jwks";
import { fakeSession, type FakeSession } from "../../support/fakeSession";
import { trackTimers, until, untilAsync, connected } from "../../support/wait";
import { startClusterNode, type ClusterNode, type NodeOptions } from "./clusterNode";
import { startRedisServer, type RedisServer } from "./redisServer";

export interface Cluster {
  readonly issuer: Issuer;
  readonly redis: RedisServer;
  /** The nodes started for the file (more can be added with `addNode`). */
  readonly nodes: ClusterNode[];
  addNode(name: string, overrides?: Partial<NodeOptions>): Promise<ClusterNode>;
  /** A session of `sub` with its own handle, whose tokens live `lifetimeMs`. */
  session(sub: string, sessionHandle: string, lifetimeMs?: number): Promise<FakeSession>;
  /** A createAuthedSocket handle on `url` (WebSocket only, quick reconnection), closed after the test. */
  connect(url: string, session: FakeSession, options?: AuthedSocketOptions): Promise<AuthedSocket>;
  /** Runs `close` after the current test, before the leak checks. */
  defer(close: () => unknown): void;
}

/**
 * A file's cluster: its own redis-server on a free port, its own issuer, and `names.length` socket.io nodes in
 * child processes, all stopped after the file. After each test every handle is closed and the test fails if a
 * socket is left on any node or a client timer is left pending.
 */
export function useCluster(names: string[], nodeOptions: Omit<NodeOptions, "name" | "redisUrl" | "jwksUri">): Cluster {
  let issuer: Issuer | undefined;
  let redis: RedisServer | undefined;
  const nodes: ClusterNode[] = [];
  let closers: (() => unknown)[] = [];
  let timers: ReturnType<typeof trackTimers> | undefined;

  const addNode = async (name: string, overrides: Partial<NodeOptions> = {}) => {
    const node = await startClusterNode({ name, redisUrl: redis!.url, jwksUri: issuer!.jwksUri, ...nodeOptions, ...overrides });
    nodes[names.includes(name) ? names.indexOf(name) : nodes.length] = node;
    return node;
  };

  beforeAll(async () => {
    issuer = await startIssuer();
    redis = await startRedisServer();
    await Promise.all(names.map((name) => addNode(name)));
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await redis?.close();
    await issuer?.close();
  });
  beforeEach(() => {
    timers = trackTimers(/[\\/]src[\\/]|socket\.io-client/);
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    const counts = async () => (await Promise.all(nodes.filter((n) => n.alive).map(async (n) => (await n.state().catch(() => ({ sockets: [] }))).sockets.length))).reduce((a, b) => a + b, 0);
    // Closing is asynchronous on the nodes' side: wait until they are empty, or give up and fail with the count.
    await untilAsync(async () => (await counts()) === 0, "the cluster's sockets to close", 5000).catch(() => {});
    expect(await counts(), "sockets left on the cluster").toBe(0);
    // A refresh in flight at close settles within milliseconds; a leaked timer (rotation, retry) would stay.
    await until(() => timers!.pending() === 0, "the client's timers to settle", 2000).catch(() => {});
    expect(timers!.pending(), "client timers left pending").toBe(0);
    timers!.restore();
  });

  return {
    get issuer() {
      return issuer!;
    },
    get redis() {
      return redis!;
    },
    nodes,
    addNode,
    async session(sub, sessionHandle, lifetimeMs = 60_000) {
      const session = fakeSession({ sign: (claims) => issuer!.sign({ ...claims, sessionHandle }) }, { lifetimeMs });
      await session.signIn(sub);
      return session;
    },
    async connect(url, session, options = {}) {
      const handle = await createAuthedSocket(url, {
        ...session,
        transports: ["websocket"],
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
        crossTab: false,
        ...options,
      });
      closers.push(() => handle.close());
      await connected(handle);
      return handle;
    },
    defer: (close) => void closers.push(close),
  };
}
