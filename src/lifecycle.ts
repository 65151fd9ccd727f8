import type { Emitter } from "mitt";
import { after, type Clock } from "./clock";
import { AuthedSocketError, errors } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus, UnauthenticatedReason } from "./events";
import type { Logger } from "./options";
import type { SessionSignal } from "./signals";
import { SessionEnded, type Token, type TokenSource } from "./tokens";
import { rethrow } from "./listen";
import { FINAL_REJECTIONS } from "./protocol";
import type { ConnectFailure, Transport } from "./transport";

/** socket.io's reconnection options, which the lifecycle honours in place of socket.io's own reconnection. */
export interface Reconnection {
  enabled: boolean;
  attempts: number;
  delay: number;
  delayMax: number;
  randomization: number;
}

/**
 * What a piece of work must achieve, weakest first; a request for a stronger one while a weaker one waits
 * replaces it.
 * - LOOK: compare the session's token with the one in use; rotate only if it changed or is due.
 * - RECONNECT: get a connection back, with a token that is not due (refreshing first if it is).
 * - REFRESH: put a token other than the one in use on the connection.
 */
const LOOK = 0;
const RECONNECT = 1;
const REFRESH = 2;
type Need = typeof LOOK | typeof RECONNECT | typeof REFRESH;
type TimerSlot = "refresh" | "expiry" | "retry";

/** What went wrong since the last connection opened: a second rejection is final, unreachability is told once. */
interface Trouble {
  rejected: boolean;
  unreachable: boolean;
}
const CALM: Trouble = { rejected: false, unreachable: false };

/**
 * Where the connection is. One value, so no combination of flags can contradict another:
 * - `opening`: a handshake carrying `wire` is under way (opening again would send a second CONNECT).
 * - `open`: connected on `wire`; `reauth` is what the server granted on THIS connection (in-place hand-over).
 * - `reopening`: we closed the transport to open it again with the token in use (a rotation by reconnect).
 * - `down`: no connection; a retry, a refresh or a hint (focus, online) opens the next one.
 * - `ended`: final (`unauthenticated` or `closed`).
 */
export type Phase =
  | { is: "opening"; wire: string; trouble: Trouble; since: number }
  | { is: "open"; wire: string; reauth: boolean }
  | { is: "reopening" }
  | { is: "down"; trouble: Trouble }
  | { is: "ended" };

// A server that rejects or kicks a handle more often than this gets no more handshakes from it.
const FAILURE_WINDOW_MS = 60_000;
const MAX_FAILURES_IN_WINDOW = 3;

export interface LifecycleOptions {
  transport: Transport;
  tokens: TokenSource;
  emitter: Emitter<AuthedSocketEvents>;
  token: Token;
  reconnection: Reconnection;
  ackTimeoutMs: number;
  /** The server can take a new token on the open connection (never in cookie mode: the page holds no token). */
  canReauth: boolean;
  clock: Clock;
  logger: Logger | undefined;
  onChange: () => void;
}

/**
 * THE state machine of a handle. Every decision about when to refresh, when to reconnect and when to give up is
 * made here: signals (timers, session events, socket events through the transport) come in, the token source is
 * asked for tokens, the transport applies them, and the status and events go out, each only once the state it
 * announces is in place.
 */
export class Lifecycle {
  status: AuthedSocketStatus = "connecting";
  error: AuthedSocketError | undefined;
  /** The token in use: the next handshake carries it, and the timers follow it. */
  token: Token;
  phase: Phase = { is: "down", trouble: CALM };

  readonly #o: LifecycleOptions;
  /** One timer per purpose: rotation before the token is due, the guard at its expiry, the backoff. */
  readonly #timers: Partial<Record<TimerSlot, () => void>> = {};
  #offSocket: (() => void) | undefined;
  #running = false;
  #pending: Need | undefined;
  /** Two budgets: reconnection attempts (socket.io's `reconnectionAttempts`) and failed refreshes (never final). */
  #connectAttempts = 0;
  #refreshAttempts = 0;
  #failures: number[] = [];

  constructor(opts: LifecycleOptions) {
    this.#o = opts;
    this.token = opts.token;
  }

  get done(): boolean {
    return this.phase.is === "ended";
  }

  /** Opens the first connection. */
  start(): void {
    this.#offSocket = this.#o.transport.listen({
      connect: () => this.#onConnect(),
      connectError: (failure, err) => this.#onConnectError(failure, err),
      disconnect: (reason) => this.#onDisconnect(reason),
    });
    this.#use(this.token);
    this.#open(CALM);
  }

  /** A session signal reached this handle. */
  signal(signal: SessionSignal): void {
    if (this.done) return;
    if (signal === "signed-out" || signal === "session-expired") this.#end(signal);
    else this.#request(LOOK);
  }

  /** Rotate now, whatever the token's age. */
  rotate(): void {
    if (!this.done) this.#request(REFRESH);
  }

  /** Ends the handle for good and releases every timer and socket listener. */
  close(reason = "closed by the app", error?: AuthedSocketError): void {
    this.#finish("closed", reason, error);
  }

  // --- socket events, read by the transport ----------------------------------------------------------

  #onConnect(): void {
    const opening = this.phase;
    if (opening.is !== "opening") return;
    const phase: Phase = { is: "open", wire: opening.wire, reauth: false };
    this.phase = phase;
    this.#connectAttempts = 0;
    this.#clearTimer("retry");
    this.#setStatus("connected", `handshake took ${this.#o.clock.now() - opening.since} ms`);
    this.#o.emitter.emit("token", { expiresAt: this.token.expiresAt, inPlace: false });
    // A rotation finished while this handshake was under way with the previous token: put the new one on.
    if (phase.wire !== this.token.value) this.#request(LOOK);
    if (this.#o.canReauth) {
      void this.#o.transport.supportsReauth(this.#o.ackTimeoutMs).then((yes) => {
        // Only for the connection it was asked on.
        if (this.phase !== phase) return;
        phase.reauth = yes;
        this.#debug(yes ? "the server takes tokens in place" : "rotations reconnect: the server takes no token in place");
      });
    }
  }

  #onConnectError(failure: ConnectFailure, err: Error): void {
    const phase = this.phase;
    if (phase.is !== "opening") return;
    const trouble = phase.trouble;
    if (failure.kind === "network") {
      this.phase = { is: "down", trouble: { ...trouble, unreachable: true } };
      if (!trouble.unreachable) this.#report(errors.connectFailed(err));
      return this.#reconnectLater("the socket server is unreachable");
    }
    const error = errors.rejected(failure.code, err);
    if (failure.kind === "unavailable") {
      // The server cannot check any token right now: a fresh one would not help. Try again later.
      this.phase = { is: "down", trouble };
      this.#report(error);
      return this.#reconnectLater("the server cannot verify tokens");
    }
    if (failure.final || trouble.rejected || this.#tooManyFailures()) return this.#end("rejected", error);
    this.phase = { is: "down", trouble: { ...trouble, rejected: true } };
    this.#request(REFRESH);
  }

  #onDisconnect(reason: string): void {
    const phase = this.phase;
    if (phase.is === "reopening") return this.#open(CALM);
    // Any other phase: a close we made ourselves (the expiry guard), already handled.
    if (phase.is !== "open") return;
    if (reason === "io client disconnect") {
      // The app called socket.disconnect() itself: it wants the socket closed.
      return this.close("the app disconnected the socket");
    }
    this.phase = { is: "down", trouble: CALM };
    if (reason === "io server disconnect") {
      // The server ended the connection (token expired, session revoked): come back only with a fresh token.
      if (this.#tooManyFailures()) return this.#end("rejected");
      this.#setStatus("reconnecting", "the server ended the connection");
      return this.#request(REFRESH);
    }
    this.#reconnectLater(`the connection dropped (${reason})`);
  }

  // --- work ----------------------------------------------------------------------------------------

  #request(need: Need): void {
    if (this.#pending === undefined || need > this.#pending) this.#pending = need;
    if (this.#running) return;
    this.#running = true;
    void this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending !== undefined && !this.done) {
      const need = this.#pending;
      this.#pending = undefined;
      try {
        await this.#sync(need);
      } catch (error) {
        this.#fail(error, need);
      }
    }
    this.#running = false;
  }

  /** Gets the token the need calls for, then puts it on the connection. */
  async #sync(need: Need): Promise<void> {
    const tokens = this.#o.tokens;
    if (need === RECONNECT && this.phase.is !== "down") return;
    const busy = () => this.#setStatus(this.phase.is === "open" ? "refreshing" : "reconnecting", "getting a fresh token");
    if (need !== LOOK) busy();
    const started = this.#o.clock.now();
    let token = need === REFRESH ? await tokens.fresh(this.token.value) : await tokens.current();
    if (this.done) return;
    if (need !== REFRESH && tokens.isStale(token)) {
      busy();
      token = await tokens.fresh(token.value);
      if (this.done) return;
    }
    this.#refreshAttempts = 0;
    if (token.userId !== undefined && this.token.userId !== undefined && token.userId !== this.token.userId) {
      // Another user signed in: this handle (and its socket.io session) belongs to the previous one.
      return this.#end("user-changed");
    }
    const phase = this.phase;
    const changed = token.value !== (phase.is === "open" || phase.is === "opening" ? phase.wire : undefined);
    if (changed) this.#debug(`token obtained in ${this.#o.clock.now() - started} ms`);
    this.#use(token);

    if (phase.is === "open") {
      if (!changed) return this.#setStatus("connected", "the token in use is current");
      if (phase.reauth && (await this.#handOver(token, phase))) return;
      if (this.phase === phase) {
        // Close the transport, then open it again with the new token (see onDisconnect).
        this.phase = { is: "reopening" };
        this.#setStatus("reconnecting", "rotating by reconnect");
        return this.#o.transport.drop();
      }
      // The connection went away during the hand-over: open a new one below.
    }
    // A look while a reconnection waits for its backoff is a hint (focus, back online) to try now.
    const now = this.phase;
    if (now.is === "down") {
      this.#clearTimer("retry");
      this.#open(now.trouble);
    }
  }

  /** In-place re-authentication. True when the server took the token; false to fall back to reconnecting. */
  async #handOver(token: Token, phase: Phase & { is: "open" }): Promise<boolean> {
    const started = this.#o.clock.now();
    const ack = await this.#o.transport.reauth(token.value, this.#o.ackTimeoutMs);
    if (this.phase !== phase || !ack) return false;
    if (ack.ok) {
      phase.wire = token.value;
      this.#setStatus("connected", `token handed over in place in ${this.#o.clock.now() - started} ms`);
      this.#o.emitter.emit("token", { expiresAt: token.expiresAt, inPlace: true });
      return true;
    }
    const error = errors.rejected(ack.code);
    if (FINAL_REJECTIONS.includes(ack.code)) this.#end("rejected", error);
    else this.#report(error);
    return false;
  }

  /** A piece of work failed. Only what the failure means decides what follows; its code is kept. */
  #fail(error: unknown, need: Need): void {
    if (this.done) return;
    if (error instanceof SessionEnded) return this.#end("session-expired");
    if (!(error instanceof AuthedSocketError)) {
      // Not an outage but a fault (ours or socket.io's): surface it as what it is, and try again later.
      rethrow(error);
    } else if (error.code === "INVALID_OPTIONS") {
      // A setup mistake (the SDK not initialised here): no retry can cure it.
      return this.close("a setup mistake", error);
    } else this.#report(error);
    // The backend or the network failed: try again with backoff; the token in use may still be good meanwhile.
    if (this.phase.is === "open") this.#setStatus("connected", "still on the token in use");
    this.#later(this.#refreshAttempts++, need, "the session call failed");
  }

  #open(trouble: Trouble): void {
    if (this.done) return;
    const { transport, clock } = this.#o;
    this.phase = { is: "opening", wire: this.token.value, trouble, since: clock.now() };
    transport.setToken(this.token.value);
    transport.open();
  }

  /** Puts a token in use and, when it is new, arms its timers: rotation before it is due, and a guard at its expiry. */
  #use(token: Token): void {
    const same = token.value === this.token.value && this.#timers.refresh;
    this.token = token;
    this.#o.transport.setToken(token.value);
    if (same) return;
    this.#clearTimer("refresh");
    this.#clearTimer("expiry");
    const delay = this.#o.tokens.refreshDelay(token, true);
    if (delay === undefined) return;
    this.#arm("refresh", delay, () => this.#request(REFRESH));
    this.#arm("expiry", this.#o.tokens.expiresIn(token) ?? 0, () => {
      // Still on this token at its expiry (refresh failing): never leave the connection open on it.
      if (this.token.value !== token.value || this.phase.is !== "open") return;
      this.phase = { is: "down", trouble: CALM };
      this.#setStatus("reconnecting", "the token expired while refreshing failed");
      this.#o.transport.drop();
    });
  }

  /** A reconnection attempt later, within socket.io's budget; past it (or with reconnection off), giving up is final. */
  #reconnectLater(why: string): void {
    const { enabled, attempts } = this.#o.reconnection;
    if (!enabled || this.#connectAttempts >= attempts) {
      const error = errors.connectFailed(why, enabled ? `gave up after ${attempts} attempts` : "reconnection is off");
      return this.close(`${why}; ${error.message}`, error);
    }
    this.#setStatus("reconnecting", why);
    this.#later(this.#connectAttempts++, RECONNECT, why);
  }

  /** socket.io's own backoff: delay * 2^n, ± randomization, at most delayMax. */
  #later(attempt: number, need: Need, why: string): void {
    const { delay, delayMax, randomization } = this.#o.reconnection;
    const ms = Math.min(delay * 2 ** attempt * (1 + (Math.random() * 2 - 1) * randomization), delayMax);
    this.#debug(`retry in ${Math.round(ms)} ms: ${why}`);
    this.#arm("retry", ms, () => this.#request(need));
  }

  #tooManyFailures(): boolean {
    const now = this.#o.clock.now();
    this.#failures = this.#failures.filter((at) => now - at < FAILURE_WINDOW_MS);
    this.#failures.push(now);
    return this.#failures.length > MAX_FAILURES_IN_WINDOW;
  }

  #end(reason: UnauthenticatedReason, error?: AuthedSocketError): void {
    if (this.#finish("unauthenticated", reason, error)) {
      this.#o.emitter.emit("unauthenticated", error ? { reason, error } : { reason });
    }
  }

  /** Releases everything, then announces the final status. False when the handle had already ended. */
  #finish(status: "closed" | "unauthenticated", reason: string, error?: AuthedSocketError): boolean {
    if (this.done) return false;
    this.phase = { is: "ended" };
    for (const slot of Object.keys(this.#timers) as TimerSlot[]) this.#clearTimer(slot);
    this.#pending = undefined;
    this.#offSocket?.();
    this.#o.transport.close();
    if (error) this.error = error;
    this.#setStatus(status, reason);
    return true;
  }

  #report(error: AuthedSocketError): void {
    this.error = error;
    this.#o.onChange();
    this.#o.logger?.warn?.(`supertokens-socket: ${error.code}: ${error.message}`);
    this.#o.emitter.emit("error", error);
  }

  #setStatus(status: AuthedSocketStatus, reason: string): void {
    if (this.status === status) return;
    this.#debug(`${this.status} -> ${status}: ${reason}`);
    this.status = status;
    this.#o.onChange();
    this.#o.emitter.emit("status", status);
  }

  /** Costs a property read when no logger is set; never given a token or any part of one. */
  #debug(message: string): void {
    this.#o.logger?.debug?.(`supertokens-socket: ${message}`);
  }

  #arm(slot: TimerSlot, delayMs: number, fire: () => void): void {
    this.#clearTimer(slot);
    this.#timers[slot] = after(this.#o.clock, delayMs, () => {
      delete this.#timers[slot];
      fire();
    });
  }

  #clearTimer(slot: TimerSlot): void {
    this.#timers[slot]?.();
    delete this.#timers[slot];
  }
}
