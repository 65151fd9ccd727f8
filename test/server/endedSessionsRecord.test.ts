// The record of ended sessions in a real redis-server, written through an emitter on each Redis client this package
// reads (node-redis and ioredis): recorded and published in one step, bounded, and retried within timeoutMs while
// the client is disconnected. The nodes' reading of it is tested on a cluster (test/cluster/revocation.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emitter } from "@socket.io/redis-emitter";
import { Redis } from "ioredis";
import { authenticateSockets, endSession, endUserSessions, sessionRoom, userRoom } from "supertokens-socket/server";
import { RECORD_MAX_ENTRIES, RECORD_TTL_MS } from "../../src/server/endedSessionsRecord";
import { connectRedis, type RedisClient } from "../cluster/support/redisClient";
import { redisServerOrSkip, startRedisServer, type RedisServer } from "../cluster/support/redisServer";

const KEY = "socket.io#/#supertokens-socket:ended";
const REQUESTS = "socket.io-request#/#";

describe.skipIf(!redisServerOrSkip("the record's suite"))("the record of ended sessions", () => {
  let redis: RedisServer;
  let admin: RedisClient;
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = await connectRedis(redis.url);
  });
  afterAll(async () => {
    await admin?.disconnect();
    await redis?.close();
  });

  /** Subscribes to the nodes' request channel; once subscribed, `next` is the next request published there. */
  async function listen(): Promise<{ next: Promise<{ type: number; opts: { rooms: string[] }; close: boolean }> }> {
    const sub = await connectRedis(redis.url);
    let next!: (message: string) => void;
    const received = new Promise<string>((resolve) => (next = resolve));
    await sub.subscribe(REQUESTS, (message) => next(message));
    // Wrapped: an async function's promise would wait for the message itself.
    return { next: received.then(async (message) => (await sub.disconnect(), JSON.parse(message))) };
  }

  describe.each([
    ["node-redis", async () => connectRedis(redis.url)],
    ["ioredis", async () => new Redis(redis.url).on("error", () => {})],
  ])("through @socket.io/redis-emitter on %s", (_, open) => {
    it("records the ending, bounded in time, and publishes the disconnect with it", async () => {
      const client = await open();
      try {
        const published = await listen();
        await admin.del(KEY);
        await endSession(new Emitter(client), "rec-sh1");
        await endUserSessions(new Emitter(client), "rec-u1");
        expect(await admin.zRange(KEY, 0, -1)).toEqual([sessionRoom("rec-sh1"), userRoom("rec-u1")]);
        const ttl = await admin.pTTL(KEY);
        expect(ttl).toBeGreaterThan(RECORD_TTL_MS - 60_000);
        expect(ttl).toBeLessThanOrEqual(RECORD_TTL_MS);
        expect(await published.next).toEqual({ type: 4, opts: { rooms: [sessionRoom("rec-sh1")], except: [] }, close: true });
      } finally {
        await client.quit();
      }
    });
  });

  it("drops entries older than its lifetime and keeps the newest RECORD_MAX_ENTRIES", async () => {
    await admin.del(KEY);
    const now = (await admin.time()).getTime(); // Redis's clock, which the record is scored by
    // An entry past the lifetime, then a full set of old but live ones.
    await admin.zAdd(KEY, { score: now - RECORD_TTL_MS - 10_000, value: "expired" });
    await admin.eval(`for i = 1, tonumber(ARGV[1]) do redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + i, 'old' .. i) end`, {
      keys: [KEY],
      arguments: [String(RECORD_MAX_ENTRIES), String(now - 2 * RECORD_MAX_ENTRIES)],
    });
    const client = await connectRedis(redis.url);
    try {
      await endSession(new Emitter(client), "rec-sh2");
    } finally {
      await client.disconnect();
    }
    expect(await admin.zCard(KEY)).toBe(RECORD_MAX_ENTRIES);
    expect(await admin.zScore(KEY, "expired")).toBeNull();
    expect(await admin.zScore(KEY, "old1")).toBeNull(); // the oldest live one made room
    expect(await admin.zScore(KEY, sessionRoom("rec-sh2"))).not.toBeNull();
  });

  it("retries while the emitter's client is disconnected: an ending made during a blip gets through once it is back", async () => {
    await admin.del(KEY);
    const client = await connectRedis(redis.url);
    await client.disconnect();
    const ending = endSession(new Emitter(client), "rec-sh4", { timeoutMs: 10_000 });
    await client.connect();
    await ending;
    expect(await admin.zRange(KEY, 0, -1)).toEqual([sessionRoom("rec-sh4")]);
    await client.disconnect();
  });

  it("rejects REDIS_UNAVAILABLE once timeoutMs has passed with the client still disconnected, nothing recorded", async () => {
    await admin.del(KEY);
    const client = await connectRedis(redis.url);
    await client.disconnect();
    const error = await endSession(new Emitter(client), "rec-sh3", { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "EndSessionError", code: "REDIS_UNAVAILABLE" });
    expect(await admin.exists(KEY)).toBe(0);
  });

  it("authenticateSockets refuses an endedSessions.pollMs that is not a number >= 0", () => {
    expect(() => authenticateSockets({ jwksUri: "http://127.0.0.1:1/jwks.json", endedSessions: { pollMs: -1 } })).toThrow(
      /`endedSessions.pollMs` must be a number >= 0/,
    );
  });
});
