import type { Logger } from "./AuthenticateSocketsOptions";
import { describeError } from "./describeError";
import { readEndings, type EndedSessionsRecord } from "./endedSessionsRecord";

/** The part of a socket.io Namespace the watcher uses. */
export interface WatchedNamespace {
  name: string;
  adapter: { rooms: Map<string, Set<string>>; close?: () => unknown };
  local: { in(rooms: string[]): { disconnectSockets(close: boolean): void } };
}

const PAGE = 1_000;

// Reads that apply what they find after the subscriber reconnects: the one at once and the next, in case a client
// says "ready" before its subscriptions are back (node-redis resubscribes first; ioredis right after).
const READS_AFTER_RECONNECT = 2;

/**
 * Makes this node apply the endings it missed, so that one published while it was cut off from Redis (pub/sub
 * delivered it to the others only) ends its sockets too. It reads the record every `pollMs` and as soon as a client
 * reconnects, from where its last read ended (in Redis's time): nothing recorded meanwhile is skipped, however long
 * the cut. What it reads is applied only while the subscriber was not listening (down, or reconnected since): a node
 * that heard the publish does not end the session again. Each ended room is looked up in this node's own rooms: the
 * cost is O(endings since the last read), never a scan of the sockets.
 *
 * While Redis is unreachable it keeps quiet but for one warning (what it cannot learn), and one when it is back.
 * Stops with the namespace's adapter (`io.close()`).
 */
export function watchEndedSessions(nsp: WatchedNamespace, record: EndedSessionsRecord, pollMs: number, logger: Logger | null): void {
  let from = -pollMs;
  // Reads left that apply what they find (see READS_AFTER_RECONNECT); without a subscriber to watch, every read does.
  const { subscriber } = record;
  let missedReads = 0;
  const heard = () => subscriber !== undefined && subscriber.ready() && missedReads === 0;
  let cutSince: number | undefined;
  let reading = false;
  let again = false;
  let stopped = false;

  const read = async (): Promise<void> => {
    if (reading) return void (again = true);
    reading = true;
    try {
      do {
        again = false;
        if (!record.redis.ready()) throw new Error("the Redis client is not connected");
        // Judged before and after the read: a subscriber that dropped meanwhile may have missed part of this page.
        const missed = !heard();
        const page = await readEndings(record, from, PAGE);
        if (stopped) return;
        if (missed || !heard()) apply(page.rooms);
        if (missedReads > 0 && subscriber?.ready()) missedReads--;
        // A full page: go on from its last score (entries of that very millisecond are read twice, harmlessly).
        from = page.rooms.length === PAGE ? page.last : page.now;
        if (page.rooms.length === PAGE) again = true;
      } while (again);
      if (cutSince !== undefined) {
        logger?.warn(`supertokens-socket: namespace ${nsp.name} reaches Redis again after ${Date.now() - cutSince} ms; the sessions ended meanwhile are ended here too`);
        cutSince = undefined;
      }
    } catch (error) {
      if (cutSince === undefined && !stopped) {
        cutSince = Date.now();
        logger?.warn(
          `supertokens-socket: namespace ${nsp.name} cannot read the record of ended sessions (${describeError(error)}); ` +
            "this node keeps serving its sockets, and ends those of sessions ended meanwhile once Redis is back",
        );
      }
    } finally {
      reading = false;
    }
  };

  const apply = (rooms: string[]) => {
    const here = rooms.filter((room) => nsp.adapter.rooms.has(room));
    if (here.length > 0) nsp.local.in(here).disconnectSockets(true);
  };

  const timer = setInterval(() => void read(), pollMs);
  timer.unref?.();
  const offReady = record.redis.onReady(() => void read());
  const offHeard = subscriber?.onReady(() => {
    missedReads = READS_AFTER_RECONNECT;
    void read();
  });
  const close = nsp.adapter.close?.bind(nsp.adapter);
  nsp.adapter.close = () => {
    stopped = true;
    clearInterval(timer);
    offReady();
    offHeard?.();
    return close?.();
  };
  void read();
}
