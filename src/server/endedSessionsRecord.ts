import { redisCommands, type RedisCommands } from "./redisClient";
import { settleWithin } from "./settleWithin";

/**
 * The record of ended sessions: a sorted set in Redis, one per namespace, of the rooms `endSession` and
 * `endUserSessions` ended, scored by Redis's own clock (so no two machines' clocks are ever compared). Pub/sub
 * delivers an ending at most once, to the nodes subscribed at that moment; the record is where a node that was cut
 * off from Redis finds what it missed (see watchEndedSessions).
 *
 * Bounded twice: an entry is dropped `ttlMs` after it was written (by then every access token of the session has
 * expired, and a revoked session gets no new one, so expiry enforcement has ended its sockets anyway), and the set
 * keeps the newest `maxEntries`.
 */
export interface EndedSessionsRecord {
  redis: RedisCommands;
  key: string;
  /**
   * The adapter's subscriber, whose connection tells whether this node heard every publish: a node that stayed
   * subscribed applied each ending when it was published, and must not apply it again (a client of a session ended
   * only to re-authenticate it may be back already, on a fresh token).
   */
  subscriber?: RedisCommands;
}

/** SuperTokens' default access-token lifetime (1 h), plus the default expiry grace. */
export const RECORD_TTL_MS = 3_600_000 + 1_000;
export const RECORD_MAX_ENTRIES = 100_000;

const SUFFIX = "supertokens-socket:ended";

// Keys: the record. Args: room, ttl ms, max entries, and optionally a channel and message to publish in the same
// step (an emitter's disconnect): recorded and published together, or neither.
const WRITE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if ARGV[4] then redis.call('PUBLISH', ARGV[4], ARGV[5]) end
return now`;

// Keys: the record. Args: from (Redis ms; negative: now minus its absolute value), page size.
// Answers Redis's time, then room, score, room, score... from `from` on, oldest first.
const READ = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local from = tonumber(ARGV[1])
if from < 0 then from = now + from end
return { now, redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2])) }`;

/** A socket.io adapter of @socket.io/redis-adapter: its clients and its channel prefix. */
interface RedisAdapterShape {
  pubClient?: unknown;
  subClient?: unknown;
  channel?: unknown;
}

/** The record a namespace's adapter can keep: @socket.io/redis-adapter's (`pubClient`, `channel`), else none. */
export function recordOfAdapter(adapter: unknown): EndedSessionsRecord | undefined {
  const { pubClient, subClient, channel } = (adapter ?? {}) as RedisAdapterShape;
  const redis = redisCommands(pubClient);
  const subscriber = redisCommands(subClient);
  if (!redis || typeof channel !== "string") return undefined;
  return { redis, key: channel + SUFFIX, ...(subscriber && { subscriber }) };
}

/** An emitter of @socket.io/redis-emitter (or its `.of(nsp)`): its client, and where its requests are published. */
export function emitterRecord(target: unknown): (EndedSessionsRecord & { requestChannel: string }) | undefined {
  const { redisClient, broadcastOptions } = target as { redisClient?: unknown; broadcastOptions?: { broadcastChannel?: unknown; requestChannel?: unknown } };
  const redis = redisCommands(redisClient);
  const { broadcastChannel, requestChannel } = broadcastOptions ?? {};
  if (!redis || typeof broadcastChannel !== "string" || typeof requestChannel !== "string") return undefined;
  return { redis, key: broadcastChannel + SUFFIX, requestChannel };
}

/**
 * Records that `room` ended (and publishes `publish.message` on `publish.channel` in the same step), retrying while
 * Redis is unreachable, until `deadline` (ms since the epoch, this process's clock). Rejects with the last failure
 * once the deadline passes.
 */
export async function recordEnding(
  record: EndedSessionsRecord,
  room: string,
  deadline: number,
  publish?: { channel: string; message: string },
): Promise<void> {
  const args = ["EVAL", WRITE, 1, record.key, room, RECORD_TTL_MS, RECORD_MAX_ENTRIES, ...(publish ? [publish.channel, publish.message] : [])];
  for (let wait = 25; ; wait = Math.min(wait * 2, 400)) {
    let failure: unknown = new Error("the Redis client is not connected");
    // Sent only while connected: a command queued by the client for later could run long after we gave up.
    if (record.redis.ready()) {
      try {
        const sent = record.redis.run(args);
        sent.catch(() => {}); // a reply that comes after the deadline is nobody's concern
        await settleWithin(sent, Math.max(0, deadline - Date.now()), () => new Error("Redis did not answer in time"));
        return;
      } catch (error) {
        failure = error;
      }
    }
    if (Date.now() + wait >= deadline) throw failure;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A page of the record from `from` (Redis ms, or negative: that long before Redis's now). */
export async function readEndings(record: EndedSessionsRecord, from: number, pageSize: number): Promise<{ now: number; rooms: string[]; last: number }> {
  const [now, flat] = (await record.redis.run(["EVAL", READ, 1, record.key, from, pageSize])) as [number | string, (string | number)[]];
  const rooms: string[] = [];
  let last = from;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    rooms.push(String(flat[i]));
    last = Number(flat[i + 1]);
  }
  return { now: Number(now), rooms, last };
}
