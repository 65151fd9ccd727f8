import type { Emitter } from "mitt";
import type { Clock } from "./clock";
import { AuthedSocketError, errors } from "./errors";
import type { AuthedSocketEvents, AuthedSocketStatus, UnauthenticatedReason } from "./events";
import { Announcer } from "./announcer";
import type { Logger } from "./options";
import type { SessionSignal } from "./signals";
import { SessionEnded, type Token, type TokenSource } from "./tokens";
import { rethrow } from "./listen";
import { CALM, type Phase, type Trouble } from "./phase";
import { Retries, type Reconnection } from "./retries";
import { Timers } from "./timers";
import { LOOK, RECONNECT, REFRESH, Work, type Need } from "./work";
import { FINAL_REJECTIONS } from "./protocol";
import type { ConnectFailure, Transport } from "./transport";

type TimerSlot = "refresh" | "expiry" | "retry";

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
  /** The token in use: the next handshake carries it, and the timers follow it. */
  token: Token;
  phase: Phase = { is: "down", trouble: CALM };

  readonly #o: LifecycleOptions;
  readonly #say: Announcer;
  /** One timer per purpose: rotation before the token is due, the guard at its expiry, the backoff. */
  readonly #timers: Timers<TimerSlot>;
  readonly #retries: Retries;
  readonly #work = new Work((need) => this.#sync(need), (error, need) => this.#fail(error, need), () => this.done);
  #offSocket: (() => void) | undefined;

  constructor(opts: LifecycleOptions) {
    this.#o = opts;
    this.token = opts.token;
    [this.#timers, this.#retries] = [new Timers(opts.clock), new Retries(opts.reconnection, opts.clock)];
    this.#say = new Announcer(opts.emitter, opts.logger, opts.onChange);
  }

  get status(): AuthedSocketStatus {
    return this.#say.status;
  }

  /** The last error, fatal or not. */
  get error(): AuthedSocketError | undefined {
    return this.#say.error;
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
    else this.#work.request(LOOK);
  }

  /** Rotate now, whatever the token's age. */
  rotate(): void {
    if (!this.done) this.#work.request(REFRESH);
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
    this.#retries.connected();
    this.#timers.clear("retry");
    this.#say.setStatus("connected", `handshake took ${this.#o.clock.now() - opening.since} ms`);
    this.#say.emit("token", { expiresAt: this.token.expiresAt, inPlace: false });
    // A rotation finished while this handshake was under way with the previous token: put the new one on.
    if (phase.wire !== this.token.value) this.#work.request(LOOK);
    if (this.#o.canReauth) {
      void this.#o.transport.supportsReauth(this.#o.ackTimeoutMs).then((yes) => {
        // Only for the connection it was asked on.
        if (this.phase !== phase) return;
        phase.reauth = yes;
        this.#say.debug(yes ? "the server takes tokens in place" : "rotations reconnect: the server takes no token in place");
      });
    }
  }

  #onConnectError(failure: ConnectFailure, err: Error): void {
    const phase = this.phase;
    if (phase.is !== "opening") return;
    const trouble = phase.trouble;
    if (failure.kind === "network") {
      this.phase = { is: "down", trouble: { ...trouble, unreachable: true } };
      if (!trouble.unreachable) this.#say.report(errors.connectFailed(err));
      return this.#reconnectLater("the socket server is unreachable");
    }
    const error = errors.rejected(failure.code, err);
    if (failure.kind === "unavailable") {
      // The server cannot check any token right now: a fresh one would not help. Try again later.
      this.phase = { is: "down", trouble };
      this.#say.report(error);
      return this.#reconnectLater("the server cannot verify tokens");
    }
    if (failure.final || trouble.rejected || this.#retries.tooMany()) return this.#end("rejected", error);
    this.phase = { is: "down", trouble: { ...trouble, rejected: true } };
    this.#work.request(REFRESH);
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
      if (this.#retries.tooMany()) return this.#end("rejected");
      this.#say.setStatus("reconnecting", "the server ended the connection");
      return this.#work.request(REFRESH);
    }
    this.#reconnectLater(`the connection dropped (${reason})`);
  }

  // --- work: one piece at a time ------------------------------------------------------------------

  /** Gets the token the need calls for, then puts it on the connection. */
  async #sync(need: Need): Promise<void> {
    const tokens = this.#o.tokens;
    if (need === RECONNECT && this.phase.is !== "down") return;
    const busy = () => this.#say.setStatus(this.phase.is === "open" ? "refreshing" : "reconnecting", "getting a fresh token");
    if (need !== LOOK) busy();
    const started = this.#o.clock.now();
    let token = need === REFRESH ? await tokens.fresh(this.token.value) : await tokens.current();
    if (this.done) return;
    if (need !== REFRESH && tokens.isStale(token)) {
      busy();
      token = await tokens.fresh(token.value);
      if (this.done) return;
    }
    this.#retries.refreshed();
    if (token.userId !== undefined && this.token.userId !== undefined && token.userId !== this.token.userId) {
      // Another user signed in: this handle (and its socket.io session) belongs to the previous one.
      return this.#end("user-changed");
    }
    const phase = this.phase;
    const changed = token.value !== (phase.is === "open" || phase.is === "opening" ? phase.wire : undefined);
    if (changed) this.#say.debug(`token obtained in ${this.#o.clock.now() - started} ms`);
    this.#use(token);

    if (phase.is === "open") {
      if (!changed) return this.#say.setStatus("connected", "the token in use is current");
      if (phase.reauth && (await this.#handOver(token, phase))) return;
      if (this.phase === phase) {
        // Close the transport, then open it again with the new token (see onDisconnect).
        this.phase = { is: "reopening" };
        this.#say.setStatus("reconnecting", "rotating by reconnect");
        return this.#o.transport.drop();
      }
      // The connection went away during the hand-over: open a new one below.
    }
    // A look while a reconnection waits for its backoff is a hint (focus, back online) to try now.
    const now = this.phase;
    if (now.is === "down") {
      this.#timers.clear("retry");
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
      this.#say.setStatus("connected", `token handed over in place in ${this.#o.clock.now() - started} ms`);
      this.#say.emit("token", { expiresAt: token.expiresAt, inPlace: true });
      return true;
    }
    const error = errors.rejected(ack.code);
    if (FINAL_REJECTIONS.includes(ack.code)) this.#end("rejected", error);
    else this.#say.report(error);
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
    } else this.#say.report(error);
    // The backend or the network failed: try again with backoff; the token in use may still be good meanwhile.
    if (this.phase.is === "open") this.#say.setStatus("connected", "still on the token in use");
    this.#later(this.#retries.nextRefresh(), need, "the session call failed");
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
    const same = token.value === this.token.value && this.#timers.has("refresh");
    this.token = token;
    this.#o.transport.setToken(token.value);
    if (same) return;
    this.#timers.clear("refresh");
    this.#timers.clear("expiry");
    const delay = this.#o.tokens.refreshDelay(token, true);
    if (delay === undefined) return;
    this.#timers.arm("refresh", delay, () => this.#work.request(REFRESH));
    this.#timers.arm("expiry", this.#o.tokens.expiresIn(token) ?? 0, () => {
      // Still on this token at its expiry (refresh failing): never leave the connection open on it.
      if (this.token.value !== token.value || this.phase.is !== "open") return;
      this.phase = { is: "down", trouble: CALM };
      this.#say.setStatus("reconnecting", "the token expired while refreshing failed");
      this.#o.transport.drop();
    });
  }

  /** A reconnection attempt later, within socket.io's budget; past it (or with reconnection off), giving up is final. */
  #reconnectLater(why: string): void {
    const next = this.#retries.nextConnect();
    if (typeof next === "string") return this.close(`${why}: ${next}`, errors.connectFailed(why, next));
    this.#say.setStatus("reconnecting", why);
    this.#later(next, RECONNECT, why);
  }

  #later(ms: number, need: Need, why: string): void {
    this.#say.debug(`retry in ${Math.round(ms)} ms: ${why}`);
    this.#timers.arm("retry", ms, () => this.#work.request(need));
  }

  #end(reason: UnauthenticatedReason, error?: AuthedSocketError): void {
    if (this.#finish("unauthenticated", reason, error)) {
      this.#say.emit("unauthenticated", error ? { reason, error } : { reason });
    }
  }

  /** Releases everything, then announces the final status. False when the handle had already ended. */
  #finish(status: "closed" | "unauthenticated", reason: string, error?: AuthedSocketError): boolean {
    if (this.done) return false;
    this.phase = { is: "ended" };
    this.#timers.clearAll();
    this.#work.drop();
    this.#offSocket?.();
    this.#o.transport.close();
    if (error) this.#say.error = error;
    this.#say.setStatus(status, reason);
    return true;
  }
}
