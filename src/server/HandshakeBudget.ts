/** How many handshakes one token may open (the option `handshakeLimit`), with its default. */
export interface HandshakeLimit {
  /** Handshakes per token per minute, on this middleware (this node, this namespace). @default 60 */
  perMinute?: number;
}

/** How many tokens are remembered at most: memory stays bounded whatever a flood of made-up tokens holds. */
const MAX_TOKENS = 10_000;

/**
 * A fixed one-minute window per token, counted BEFORE the token is verified, so that one stolen or replayed token
 * cannot make the server verify without end. A well-behaved page opens one socket per token and namespace, and
 * reconnects after a network drop; a refreshed token starts a window of its own.
 */
export class HandshakeBudget {
  private readonly windows = new Map<string, { count: number; since: number }>();

  constructor(private readonly perMinute: number) {}

  /** Counts a handshake of `token`: false when the token has had its share this minute. */
  take(token: string): boolean {
    // A JWT's signature (its tail) tells tokens apart; the key stays small whatever the token's length.
    const key = token.slice(-64);
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.since >= 60_000) {
      this.windows.delete(key);
      // The oldest window goes first (a Map keeps insertion order).
      if (this.windows.size >= MAX_TOKENS) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(key, (window = { count: 0, since: now }));
    }
    return ++window.count <= this.perMinute;
  }
}
