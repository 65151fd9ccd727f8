// A node-redis client as every process of the cluster suite, the demo and the bench opens it: errors listened to and
// publishes guarded. node-redis reconnects by itself, but an unhandled "error" event ends a Node process, and so does
// an unhandled rejection: @socket.io/redis-adapter and @socket.io/redis-emitter call `publish()` without handling its
// promise (socketio/socket.io-redis-emitter#139), which rejects when Redis goes away with a publish in flight.
import { createClient } from "redis";

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisClientOptions {
  /** Called with each connection error (default: ignored; the client reconnects by itself). */
  onError?: (error: Error) => void;
  /** Reconnect quickly (50 ms, then up to 300 ms), as tests that restart Redis want (default: node-redis's own). */
  fastReconnect?: boolean;
}

/** Opens a client on `url`, guarded as above, and connects it. */
export async function connectRedis(url: string, options: RedisClientOptions = {}): Promise<RedisClient> {
  const client = createClient({
    url,
    ...(options.fastReconnect && { socket: { reconnectStrategy: (retries: number) => Math.min(50 * (retries + 1), 300) } }),
  });
  return connectGuarded(client, options.onError);
}

/** Guards (see above) and connects a client, e.g. `redis.duplicate()` for the adapter's subscriber. */
export async function connectGuarded(client: RedisClient, onError: (error: Error) => void = () => {}): Promise<RedisClient> {
  client.on("error", onError);
  const publish = client.publish.bind(client);
  // A lost publish is what pub/sub promises anyway (at most once); a crashed process is not.
  client.publish = ((...args: Parameters<typeof publish>) => {
    const sent = publish(...args);
    sent.catch(() => {});
    return sent;
  }) as typeof publish;
  await client.connect();
  return client;
}
