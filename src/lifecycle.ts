import type { Emitter } from "mitt";
import { AuthedSocketError, errors } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus, UnauthenticatedReason } from "./events";
import type { SessionSignal } from "./signals";
import { SessionEnded, type Token, type TokenSource } from "./tokens";
import { FINAL_REJECTIONS } from "./protocol";
import { readConnectError, type Transport } from "./transport";

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

// A server that rejects or kicks a handle more often than this gets no more handshakes from it.
const FAILURE_WINDOW_MS = 60_000;
const MAX_FAILURES_IN_WINDOW = 3;
// Long timers are re-armed in steps, so a wall-clock jump (a laptop that slept) is noticed within one step.
const TIMER_STEP_MS = 30_000;

export interface LifecycleOptions {
  transport: Transport;
  tokens: TokenSource;
  emitter: Emitter<AuthedSocketEvents>;
  token: Token;
  reconnection: Reconnection;
  ackTimeoutMs: number;
  /** The server can take a new token on the open connection (never in cookie mode: the page holds no token). */
  canReauth: boolean;
  onChange: () => void;
}

/**
 * THE state machine of a handle. Every decision about when to refresh, when to reconnect and when to give up is
 * made here: signals (timers, session events, socket events) come in, the token source is asked for tokens,
 * the transport applies them, and the status and events go out.
 */
export class Lifecycle {
  status: AuthedSocketStatus = "connecting";
  error: AuthedSocketError | undefined;
  /** The token in use: the next handshake carries it, and the timers follow it. */
  token: Token;
  /** The token the open connection was authenticated with (it lags `token` while a handshake is under way). */
  #onWire: string | undefined;

  readonly #transport: Transport;
  readonly #tokens: TokenSource;
  readonly #emitter: Emitter<AuthedSocketEvents>;
  readonly #opts: LifecycleOptions;
  /** One timer per purpose: rotation before the token is due, the guard at its expiry, the reconnection backoff. */
  readonly #timers: Partial<Record<TimerSlot, ReturnType<typeof setTimeout>>> = {};
  readonly #offSocket: (() => void)[] = [];
  #running = false;
  #pending: Need | undefined;
  /** A handshake is under way: opening again would send a second CONNECT. */
  #opening = false;
  /** The connection is being closed by us to re-open it with the current token. */
  #reopenOnDisconnect = false;
  /** The connection in place was opened after a rejection: a second rejection is final. */
  #retryingRejection = false;
  #serverTakesReauth = false;
  #attempts = 0;
  #failures: number[] = [];
  #reportedUnreachable = false;

  constructor(opts: LifecycleOptions) {
    this.#opts = opts;
    this.#transport = opts.transport;
    this.#tokens = opts.tokens;
    this.#emitter = opts.emitter;
    this.token = opts.token;
  }

  get done(): boolean {
    return this.status === "closed" || this.status === "unauthenticated";
  }

  /** Opens the first connection. */
  start(): void {
    const { socket } = this.#transport;
    const on = <A extends unknown[]>(event: string, fn: (...args: A) => void) => {
      socket.on(event as "connect", fn as () => void);
      this.#offSocket.push(() => socket.off(event as "connect", fn as () => void));
    };
    on("connect", () => this.#onConnect());
    on("connect_error", (err: Error) => this.#onConnectError(err));
    on("disconnect", (reason: string) => this.#onDisconnect(reason));
    this.#use(this.token);
    this.#open();
  }

  /** A session signal reached this handle. */
  signal(signal: SessionSignal): void {
    if (this.done) return;
    if (signal === "signed-out") this.#end("signed-out");
    else if (signal === "session-expired") this.#end("session-expired");
    else this.#request(LOOK);
  }

  /** Rotate now, whatever the token's age. */
  rotate(): void {
    if (!this.done) this.#request(REFRESH);
  }

  /** Ends the handle for good and releases every timer and socket listener. */
  close(): void {
    if (this.done) return;
    this.#release();
    this.#setStatus("closed");
  }

  // --- socket events -------------------------------------------------------------------------------

  #onConnect(): void {
    this.#opening = false;
    this.#attempts = 0;
    this.#reportedUnreachable = false;
    this.#retryingRejection = false;
    this.#clearTimer("retry");
    this.#setStatus("connected");
    this.#emitter.emit("token", { expiresAt: this.token.expiresAt, inPlace: false });
    this.#serverTakesReauth = false;
    // A rotation finished while this handshake was under way with the previous token: put the new one on.
    if (this.#onWire !== this.token.value) this.#request(LOOK);
    if (this.#opts.canReauth) {
      const socket = this.#transport.socket;
      void this.#transport.supportsReauth(this.#opts.ackTimeoutMs).then((yes) => {
        // Only for the connection it was asked on.
        if (socket.connected && !this.done) this.#serverTakesReauth = yes;
      });
    }
  }

  #onConnectError(err: Error): void {
    this.#opening = false;
    if (this.done) return;
    const failure = readConnectError(this.#transport.socket, err);
    if (failure.kind === "network") {
      if (!this.#reportedUnreachable) {
        this.#reportedUnreachable = true;
        this.#report(errors.connectFailed(err));
      }
      this.#retryLater(RECONNECT);
      return;
    }
    const error = errors.rejected(failure.code, err);
    if (failure.kind === "unavailable") {
      // The server cannot check any token right now: a fresh one would not help. Try again later.
      this.#report(error);
      this.#retryLater(RECONNECT);
      return;
    }
    if (failure.final || this.#retryingRejection || this.#tooManyFailures()) {
      this.#end("rejected", error);
      return;
    }
    this.#retryingRejection = true;
    this.#request(REFRESH);
  }

  #onDisconnect(reason: string): void {
    this.#opening = false;
    if (this.done) return;
    if (this.#reopenOnDisconnect) {
      this.#reopenOnDisconnect = false;
      this.#open();
      return;
    }
    if (reason === "io client disconnect") {
      // The app called socket.disconnect() itself: it wants the socket closed.
      this.close();
      return;
    }
    if (reason === "io server disconnect") {
      // The server ended the connection (token expired, session revoked): come back only with a fresh token.
      if (this.#tooManyFailures()) this.#end("rejected");
      else this.#request(REFRESH);
      return;
    }
    this.#retryLater(RECONNECT);
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
    const socket = this.#transport.socket;
    if (need === RECONNECT && (socket.connected || this.#opening)) return;
    if (need !== LOOK) this.#setStatus(socket.connected ? "refreshing" : "reconnecting");

    let token = need === REFRESH ? await this.#tokens.fresh(this.token.value) : await this.#tokens.current();
    if (this.done) return;
    if (need !== REFRESH && this.#tokens.isStale(token)) {
      this.#setStatus(socket.connected ? "refreshing" : "reconnecting");
      token = await this.#tokens.fresh(token.value);
      if (this.done) return;
    }
    if (token.userId !== undefined && this.token.userId !== undefined && token.userId !== this.token.userId) {
      // Another user signed in: this handle (and its socket.io session) belongs to the previous one.
      this.#end("user-changed");
      return;
    }
    const changed = token.value !== this.#onWire;
    this.#use(token);

    if (socket.connected) {
      this.#attempts = 0;
      if (!changed) return this.#setStatus("connected");
      if (this.#serverTakesReauth && (await this.#handOver(token))) return;
      if (this.done) return;
      if (socket.connected) {
        // Close the transport, then open it again with the new token (see onDisconnect).
        this.#setStatus("reconnecting");
        this.#reopenOnDisconnect = true;
        this.#transport.drop();
        return;
      }
      // The connection went away during the hand-over: open a new one below.
    }
    // A look while a reconnection waits for its backoff is a hint (focus, back online) to try now.
    if (need === LOOK && !changed && this.status !== "reconnecting") return;
    this.#clearTimer("retry");
    this.#open();
  }

  /** In-place re-authentication. True when the server took the token; false to fall back to reconnecting. */
  async #handOver(token: Token): Promise<boolean> {
    const ack = await this.#transport.reauth(token.value, this.#opts.ackTimeoutMs);
    if (this.done || !ack) return false;
    if (ack.ok) {
      this.#onWire = token.value;
      this.#setStatus("connected");
      this.#emitter.emit("token", { expiresAt: token.expiresAt, inPlace: true });
      return true;
    }
    const error = errors.rejected(ack.code);
    if (FINAL_REJECTIONS.includes(ack.code)) this.#end("rejected", error);
    else this.#report(error);
    return false;
  }

  #fail(error: unknown, need: Need): void {
    if (this.done) return;
    if (error instanceof SessionEnded) return this.#end("session-expired");
    const reported = error instanceof AuthedSocketError ? error : errors.refreshFailed(error);
    this.#report(reported);
    // The backend or the network failed: try again with backoff; the token in use may still be good meanwhile.
    if (this.#transport.socket.connected) this.#setStatus("connected");
    this.#retryLater(need);
  }

  #open(): void {
    if (this.done || this.#opening) return;
    this.#opening = true;
    this.#onWire = this.token.value;
    this.#transport.setToken(this.token.value);
    this.#transport.open();
  }

  /** Puts a token in use and arms its timers: rotation before it is due, and a guard at its expiry. */
  #use(token: Token): void {
    this.token = token;
    this.#transport.setToken(token.value);
    this.#clearTimer("refresh");
    this.#clearTimer("expiry");
    const delay = this.#tokens.refreshDelay(token, true);
    if (delay === undefined) return;
    this.#arm("refresh", delay, () => this.#request(REFRESH));
    this.#arm("expiry", this.#tokens.expiresIn(token) ?? 0, () => {
      // Still on this token at its expiry (refresh failing): never leave the connection open on it.
      if (this.token === token && this.#transport.socket.connected) {
        this.#setStatus("reconnecting");
        this.#transport.drop();
      }
    });
  }

  #retryLater(need: Need): void {
    const { enabled, attempts, delay, delayMax, randomization } = this.#opts.reconnection;
    if (!this.#transport.socket.connected) this.#setStatus("reconnecting");
    if (!enabled) return;
    if (this.#attempts >= attempts) {
      this.#report(errors.connectFailed(new Error(`gave up after ${attempts} attempts`)));
      return;
    }
    // socket.io's own backoff: delay * 2^n, ± randomization, at most delayMax.
    let ms = delay * Math.pow(2, this.#attempts++);
    const deviation = Math.floor(Math.random() * randomization * ms);
    ms = Math.random() < 0.5 ? ms - deviation : ms + deviation;
    this.#arm("retry", Math.min(ms, delayMax), () => this.#request(need));
  }

  #tooManyFailures(): boolean {
    const now = Date.now();
    this.#failures = this.#failures.filter((at) => now - at < FAILURE_WINDOW_MS);
    this.#failures.push(now);
    return this.#failures.length > MAX_FAILURES_IN_WINDOW;
  }

  #end(reason: UnauthenticatedReason, error?: AuthedSocketError): void {
    if (this.done) return;
    this.#release();
    if (error) this.error = error;
    this.#setStatus("unauthenticated");
    this.#emitter.emit("unauthenticated", error ? { reason, error } : { reason });
  }

  #release(): void {
    for (const slot of Object.keys(this.#timers) as TimerSlot[]) this.#clearTimer(slot);
    this.#pending = undefined;
    this.#offSocket.splice(0).forEach((off) => off());
    this.#transport.close();
  }

  #report(error: AuthedSocketError): void {
    this.error = error;
    this.#opts.onChange();
    this.#emitter.emit("error", error);
  }

  #setStatus(status: AuthedSocketStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.#opts.onChange();
    this.#emitter.emit("status", status);
  }

  /** A timeout that survives long delays and wall-clock jumps: it fires once Date.now() reaches the target. */
  #arm(slot: TimerSlot, delayMs: number, fire: () => void): void {
    this.#clearTimer(slot);
    const target = Date.now() + delayMs;
    const step = () => {
      const left = target - Date.now();
      if (left > 0) this.#timers[slot] = setTimeout(step, Math.min(left, TIMER_STEP_MS));
      else {
        delete this.#timers[slot];
        fire();
      }
    };
    step();
  }

  #clearTimer(slot: TimerSlot): void {
    clearTimeout(this.#timers[slot]);
    delete this.#timers[slot];
  }
}
