/** Anything socket.io can list sockets of: a `Server`, a `Namespace`, `io.in(room)`. */
export interface SocketLister {
  fetchSockets(): Promise<readonly { data: unknown; disconnect(close?: boolean): unknown }[]>;
}

/**
 * Disconnects every socket authenticated with the session `sessionHandle` (e.g. after revoking it), across all
 * servers when the adapter spans several. Answers how many were disconnected. The sockets' access tokens stay valid
 * until they expire, so a client may reconnect with one: to keep a revoked session out, also refuse its handle in a
 * `checkClaims` rule (e.g. one that asks supertokens-node's `Session.getSessionInformation`).
 */
export async function endSession(sockets: SocketLister, sessionHandle: string): Promise<number> {
  let ended = 0;
  for (const socket of await sockets.fetchSockets()) {
    const data = socket.data as { sessionHandle?: unknown } | null | undefined;
    if (data?.sessionHandle !== sessionHandle) continue;
    // Closes the whole connection, as expiry does; the reason is not a recoverable one, so nothing is restored.
    socket.disconnect(true);
    ended++;
  }
  return ended;
}
