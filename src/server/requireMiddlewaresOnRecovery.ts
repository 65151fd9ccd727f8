import type { Logger } from "./AuthenticateSocketsOptions";

/** The part of socket.io's `Server` this reads: its options, as socket.io normalized them. */
interface ServerWithOptions {
  _opts?: { connectionStateRecovery?: { skipMiddlewares?: boolean } };
}

const warned = new WeakSet<object>();

/**
 * With connection state recovery on, socket.io skips every middleware for a recovered socket unless
 * `connectionStateRecovery.skipMiddlewares` is `false` (its default is `true`): the socket would come back
 * authenticated by its old handshake, whatever token it presents now. This turns skipping off on the server
 * (socket.io reads the option on every connection) and says so once. It runs from the middleware, so it covers
 * every recovery after this process's first handshake: enough for the default in-memory adapter, where a session
 * can only come back to the process that saw its first handshake. With an adapter that shares sessions between
 * servers, set `skipMiddlewares: false` yourself.
 */
export function requireMiddlewaresOnRecovery(server: ServerWithOptions, logger: Logger | null): void {
  const recovery = server._opts?.connectionStateRecovery;
  if (!recovery || recovery.skipMiddlewares === false) return;
  recovery.skipMiddlewares = false;
  if (warned.has(server)) return;
  warned.add(server);
  logger?.warn(
    "supertokens-socket: connectionStateRecovery.skipMiddlewares was true (socket.io's default), which would let " +
      "recovered sockets skip authentication; it is now false. Set `connectionStateRecovery: { skipMiddlewares: false }` " +
      "in the Server options to make this explicit (required with an adapter that shares sessions between servers).",
  );
}
