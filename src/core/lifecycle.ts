import type { Emitter } from "mitt";
import type { Clock } from "./clock";
import { AuthedSocketError, errors, NotLoggedInError } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus, UnauthenticatedReason } from "./events";
import { announcer } from "./announcer";
import { DEV } from "./dev";
import type { Logger } from "./options";
import type { SessionSignal } from "./signals";
import type { Token, TokenSource } from "./tokens";
import { rethrow } from "./listen";
import { CALM, type Phase, type Trouble } from "./phase";
import { retries, type Reconnection } from "./retries";
import { timers } from "./timers";
import { LOOK, RECONNECT, REFRESH, work, type Need } from "./work";
import { isFinal, type RejectionCode } from "./protocol";
import type { Transport } from "./transport";

export interface LifecycleOptions {
  transport: Transport;
  tokens: TokenSource;
  emitter: Emitter<AuthedSocketEvents>;
  token: Token;
  reconnection: Reconnection;
  clock: Clock;
  logger: Logger | undefined;
  onChange: () => void;
}

export interface Lifecycle {
  readonly status: AuthedSocketStatus;
  /** The last error, fatal or not. */
  readonly error: AuthedSocketError | undefined;
  /** The token in use: the next handshake carries it, and the timers follow it. */
  readonly token: Token;
  readonly done: boolean;
  /** Opens the first connection. */
  start(): void;
  /** A session signal reached this handle. */
  signal(signal: SessionSignal): void;
  /** Rotate now, whatever the token's age. */
  rotate(): void;
  /** Ends the handle for good and releases every timer and socket listener. */
  close(reason?: string, error?: AuthedSocketError): void;
}

/**
 * THE state machine of a handle. Every decision about when to refresh, when to reconnect and when to give up is
 * made here: signals (timers, session events, socket events through the transport) come in, the token source is
 * asked for tokens, the transport applies them, and the status and events go out, each only once the state it
 * announces is in place. The connection's state is one {@link Phase}.
 */
export function lifecycle(o: LifecycleOptions): Lifecycle {
  const { transport, tokens, clock } = o;
  const say = announcer(o.emitter, o.logger, o.onChange);
  // One timer per purpose: rotation before the token is due, the guard at its expiry, the backoff.
  const timer = timers<"refresh" | "expiry" | "retry">(clock);
  // What the backoff's retry will ask for: one retry at a time, the strongest need waiting (as the work queue folds).
  // -1: none armed.
  let retryNeed = -1;
  /** Cancels the retry, unless it asks for more than `done` achieved. */
  const clearRetry = (done: Need) => retryNeed > done || ((retryNeed = -1), timer.clear("retry"));
  const budget = retries(o.reconnection, clock);
  let token = o.token;
  let phase: Phase = { is: "down", trouble: CALM };
  /** An in-place hand-over waits for the server's answer. */
  let handingOver = false;
  const done = () => phase.is === "ended";

  // --- socket events, read by the transport ----------------------------------------------------------

  const onConnect = () => {
    const was = phase;
    // Down: a shared connection came back for another namespace, and socket.io sent this one's CONNECT on it too.
    if (!("trouble" in was)) return;
    const open: Phase = (phase = { is: "open", wire: transport.sent ?? token.value });
    budget.connected();
    // A connection makes a reconnection moot, not a refresh that failed meanwhile (it would never be tried again).
    clearRetry(RECONNECT);
    say.setStatus("connected", "handshake", "since" in was ? clock.now() - was.since : undefined);
    say.emit("token", { expiresAt: token.expiresAt, inPlace: false });
    // A rotation finished while this handshake was under way with the previous token: put the new one on.
    if (open.wire !== token.value) queue.request(LOOK);
    if (transport.canReauth) {
      void transport.supportsReauth().then((yes) => {
        // Only for the connection it was asked on.
        if (phase !== open) return;
        open.reauth = yes;
        DEV && say.debug(`the server takes ${yes ? "tokens" : "no token"} in place`);
      });
    }
  };

  /** `code`: null when the server could not be reached, else what the server's refusal said. */
  const onConnectError = (code: RejectionCode | undefined | null, err: Error) => {
    if (!("trouble" in phase)) return;
    const trouble = phase.trouble;
    if (code === null) {
      phase = { is: "down", trouble: { ...trouble, unreachable: true } };
      if (!trouble.unreachable) say.report(errors.connectFailed(err));
      return reconnectLater("unreachable");
    }
    const error = errors.rejected(code, err);
    if (code === "JWKS_UNAVAILABLE") {
      // The server cannot check any token right now: a fresh one would not help. Try again later.
      phase = { is: "down", trouble };
      say.report(error);
      return reconnectLater("JWKS unavailable");
    }
    if (isFinal(code) || trouble.rejected || budget.tooMany()) return end("rejected", error);
    phase = { is: "down", trouble: { ...trouble, rejected: true } };
    queue.request(REFRESH);
  };

  const onDisconnect = (reason: string, reopening: boolean) => {
    if (phase.is === "reopening") return openWith(CALM);
    // Any other phase: a close we made ourselves (the expiry guard), already handled.
    if (phase.is !== "open") return;
    if (reopening) {
      // Another namespace on the shared connection reopens it with a fresh token: this one comes back with it.
      say.setStatus("reconnecting", "shared reopen");
      return openWith(CALM);
    }
    // The app called socket.disconnect() itself: it wants the socket closed.
    if (reason === "io client disconnect") return close(reason);
    phase = { is: "down", trouble: CALM };
    if (reason === "io server disconnect") {
      // The server ended the connection (token expired, session revoked): come back only with a fresh token.
      if (budget.tooMany()) return end("rejected");
      say.setStatus("reconnecting", reason);
      // A hand-over under way holds one already (the server may cut a socket that asked too often): it opens the
      // connection again with it, once.
      if (handingOver) return;
      return queue.request(REFRESH);
    }
    reconnectLater(reason);
  };

  // --- work: one piece at a time ------------------------------------------------------------------

  /** Gets the token the need calls for, then puts it on the connection. */
  const sync = async (need: Need): Promise<void> => {
    if (need === RECONNECT && phase.is !== "down") return;
    const busy = () => say.setStatus(phase.is === "open" ? "refreshing" : "reconnecting", "fresh token");
    if (need !== LOOK) busy();
    const started = clock.now();
    const next = need === REFRESH ? await tokens.fresh(token.value) : await tokens.current(busy);
    if (done()) return;
    budget.refreshed();
    if (next.userId !== undefined && token.userId !== undefined && next.userId !== token.userId) {
      // Another user signed in: this handle (and its socket.io session) belongs to the previous one.
      return end("user-changed");
    }
    const was = phase;
    const changed = next.value !== ("wire" in was ? was.wire : undefined);
    if (DEV && changed) say.debug("token in", clock.now() - started);
    use(next);

    if (was.is === "open") {
      if (!changed) return say.setStatus("connected", "token current");
      if (was.reauth && (await handOver(next, was))) return;
      if (phase === was) {
        // Close the transport, then open it again with the new token (see onDisconnect).
        phase = { is: "reopening" };
        say.setStatus("reconnecting", "rotate by reconnect");
        return transport.drop();
      }
      // The connection went away during the hand-over: open a new one below.
    }
    // A look while a reconnection waits for its backoff is a hint (focus, back online) to try now.
    if (phase.is === "down") {
      clearRetry(changed ? REFRESH : need);
      openWith(phase.trouble);
    }
  };

  /** In-place re-authentication. True when the server took the token; false to fall back to reconnecting. */
  const handOver = async (next: Token, open: Phase & { is: "open" }): Promise<boolean> => {
    const started = clock.now();
    handingOver = true;
    const ack = await transport.reauth(next.value).finally(() => (handingOver = false));
    if (phase !== open || !ack) return false;
    if (ack.ok) {
      open.wire = next.value;
      say.setStatus("connected", "in place", clock.now() - started);
      say.emit("token", { expiresAt: next.expiresAt, inPlace: true });
      return true;
    }
    const error = errors.rejected(ack.code);
    if (isFinal(ack.code)) end("rejected", error);
    else say.report(error);
    return false;
  };

  /** A piece of work failed. Only what the failure means decides what follows; its code is kept. */
  const fail = (error: unknown, need: Need) => {
    if (done()) return;
    // The session ended while the handle was alive (a refresh answered "no session").
    if (error instanceof NotLoggedInError) return end("session-expired");
    // Not an outage but a fault (ours or socket.io's): surface it as what it is, and try again later.
    if (!(error instanceof AuthedSocketError)) rethrow(error);
    // A setup mistake (the SDK not initialised here): no retry can cure it.
    else if (error.code === "INVALID_OPTIONS") return close(error.code, error);
    else say.report(error);
    // The backend or the network failed: try again with backoff; the token in use may still be good meanwhile.
    if (phase.is === "open") say.setStatus("connected", "old token");
    later(budget.nextRefresh(), need);
  };

  const queue = work(sync, fail, done);

  const openWith = (trouble: Trouble) => {
    if (done()) return;
    // The connection holds this handle's token (see use), or a newer one another handle put there.
    phase = { is: "opening", wire: token.value, trouble, since: clock.now() };
    transport.open();
  };

  /** Puts a token in use and, when it is new, arms its timers: rotation before it is due, and a guard at its expiry. */
  const use = (next: Token) => {
    const same = next.value === token.value && timer.has("refresh");
    token = next;
    transport.setToken(next);
    if (same) return;
    timer.clear("refresh");
    timer.clear("expiry");
    const delay = tokens.refreshDelay(next, true);
    if (delay === undefined) return;
    timer.arm("refresh", delay, () => queue.request(REFRESH));
    // Still on this token at its expiry (refresh failing; a new token re-arms it): never leave the connection open on it.
    timer.arm("expiry", tokens.expiresIn(next) ?? 0, () => {
      if (phase.is !== "open") return;
      phase = { is: "down", trouble: CALM };
      say.setStatus("reconnecting", "token expired");
      transport.drop();
    });
  };

  /** A reconnection attempt later, within socket.io's budget; past it (or with reconnection off), giving up is final. */
  const reconnectLater = (why: string) => {
    const next = budget.nextConnect();
    if (typeof next === "string") return close(next, errors.connectFailed(why, next));
    say.setStatus("reconnecting", why);
    later(next, RECONNECT);
  };

  const later = (ms: number, need: Need) => {
    DEV && say.debug("retry in", Math.round(ms));
    const next = (retryNeed = Math.max(retryNeed, need)) as Need;
    timer.arm("retry", ms, () => ((retryNeed = -1), queue.request(next)));
  };

  /** Releases everything, then announces the final status (and why it is unauthenticated). Once only. */
  const finish = (status: "closed" | "unauthenticated", reason: string, error?: AuthedSocketError) => {
    if (done()) return;
    phase = { is: "ended" };
    timer.clear();
    queue.drop();
    transport.close();
    if (error) say.error = error;
    say.setStatus(status, reason);
    const why = reason as UnauthenticatedReason;
    if (status === "unauthenticated") say.emit("unauthenticated", error ? { reason: why, error } : { reason: why });
  };

  const end = (reason: UnauthenticatedReason, error?: AuthedSocketError) => finish("unauthenticated", reason, error);
  const close = (reason = "close()", error?: AuthedSocketError) => finish("closed", reason, error);

  return {
    get status() {
      return say.status;
    },
    get error() {
      return say.error;
    },
    get token() {
      return token;
    },
    get done() {
      return done();
    },
    start() {
      transport.listen({ connect: onConnect, connectError: onConnectError, disconnect: onDisconnect });
      use(token);
      openWith(CALM);
    },
    signal(signal) {
      if (done()) return;
      if (signal === "signed-out" || signal === "session-expired") end(signal);
      else queue.request(LOOK);
    },
    rotate: () => done() || queue.request(REFRESH),
    close,
  };
}
