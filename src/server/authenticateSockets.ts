import type { ExtendedError } from "socket.io";
import { HELLO_EVENT, REAUTH_EVENT, REJECTION_MESSAGE, type HelloAck, type ReauthAck } from "../core/protocol";
import { HandshakeBudget } from "./HandshakeBudget";
import { ReauthBudget, type ReauthLimit } from "./ReauthBudget";
import type { AuthenticatedSocketData } from "./AuthenticatedSocketData";
import type { AnySocket, AuthenticateSocketsOptions, Logger, VerifierChoice } from "./AuthenticateSocketsOptions";
import { createSessionVerifier } from "./createSessionVerifier";
import { createTokenVerifier } from "./createTokenVerifier";
import { recordOfAdapter } from "./endedSessionsRecord";
import { ExpiryTimer } from "./ExpiryTimer";
import { holdBroadcasts } from "./holdBroadcasts";
import { asToken, readHandshakeToken, type TokenLocation, type TokenSource } from "./readHandshakeToken";
import { requireMiddlewaresOnRecovery } from "./requireMiddlewaresOnRecovery";
import { joinSessionRooms } from "./rooms";
import { SocketAuthError } from "./SocketAuthError";
import type { TokenVerifier } from "./TokenVerifier";
import { watchEndedSessions } from "./watchEndedSessions";
import { builtInClaimChecks, withClaimChecks } from "./withClaimChecks";

/** A socket.io namespace middleware, as `io.use` and `io.of(name).use` take it. */
export type SocketMiddleware = (socket: AnySocket, next: (err?: ExtendedError) => void) => void;

/**
 * The socket.io middleware that admits only sockets presenting a valid SuperTokens access token:
 * `io.use(authenticateSockets({ sessionRecipe: Session }))` in a process running supertokens-node (the app's own
 * `Session` verifies every token, claim validators included), or `io.use(authenticateSockets({ jwksUri }))` anywhere.
 *
 * On success, `socket.data` gets {@link AuthenticatedSocketData}; the socket is disconnected when its token
 * expires (plus `expiryGraceMs`) unless the client hands over a fresh one first (`REAUTH_EVENT`). On failure the
 * client's `connect_error` has `message === "Authentication error"` and `data.code`, a `RejectionCode`.
 * A recovered socket (connection state recovery) is verified like any other, and must present the same user's token.
 * Every admitted socket is in `sessionRoom(sessionHandle)` and `userRoom(userId)`, which `endSession` and
 * `endUserSessions` end on every node.
 */
export function authenticateSockets(options: AuthenticateSocketsOptions & VerifierChoice): SocketMiddleware {
  const logger: Logger | null = options.logger === undefined ? console : options.logger;
  const expiryGraceMs = nonNegative(options.expiryGraceMs, 1000, "expiryGraceMs");
  const reauthLimit = {
    burst: nonNegative(options.reauthLimit?.burst, 30, "reauthLimit.burst"),
    perMinute: nonNegative(options.reauthLimit?.perMinute, 60, "reauthLimit.perMinute"),
  };
  const handshakes = new HandshakeBudget(nonNegative(options.handshakeLimit?.perMinute, 60, "handshakeLimit.perMinute"));
  const where: TokenLocation = {
    tokenKey: options.tokenKey ?? "token",
    cookieName: options.cookieName ?? "sAccessToken",
    isOriginAllowed: originCheck(options.allowedOrigins),
    trustForwardedProto: options.trustForwardedProto === true,
  };
  const checks = options.checkClaims === undefined ? [] : typeof options.checkClaims === "function" ? [options.checkClaims] : [...options.checkClaims];
  const verify = withClaimChecks(createVerifier(options, logger), [...builtInClaimChecks(options), ...checks], logger);
  const pollMs = options.endedSessions === false ? undefined : nonNegative(options.endedSessions?.pollMs, 1000, "endedSessions.pollMs");

  return (socket, next) => {
    requireMiddlewaresOnRecovery(socket.nsp.server, logger);
    armOnConnection(socket.nsp);
    if (pollMs !== undefined) watchOnce(socket.nsp, pollMs, logger);
    const held = socket.recovered ? holdBroadcasts(socket) : undefined;
    admit(socket, where, verify, expiryGraceMs, reauthLimit, handshakes).then(
      () => {
        if (held) afterConnection(socket, held.release);
        next();
      },
      (error: unknown) => {
        held?.drop();
        next(asRejection(error));
      },
    );
  };
}

async function admit(
  socket: AnySocket,
  where: TokenLocation,
  verify: TokenVerifier,
  expiryGraceMs: number,
  limit: Required<ReauthLimit>,
  handshakes: HandshakeBudget,
): Promise<void> {
  const { token, source } = readHandshakeToken(socket.handshake, where);
  // Before the verification: what the budget saves is the verification's cost.
  if (!handshakes.take(token)) throw new SocketAuthError("HANDSHAKE_LIMIT");
  const session = await verify(token, socket);
  // A recovered socket got its rooms and data back from its previous connection: only the same user may have them.
  const restored = socket.recovered ? (socket.data as Partial<AuthenticatedSocketData> | undefined)?.userId : undefined;
  if (restored !== undefined && restored !== session.userId) throw new SocketAuthError("TOKEN_INVALID");
  setSessionData(socket, session);
  guard(socket, session, source, verify, expiryGraceMs, new ReauthBudget(limit.burst, limit.perMinute));
}

/** What to do once socket.io connects a socket this middleware admitted. */
const onConnected = new WeakMap<AnySocket, () => void>();
const hookedNamespaces = new WeakSet<AnySocket["nsp"]>();

// A socket refused by a later middleware, or whose connection closes during the handshake, never connects and
// emits no "disconnect": its timer is armed only on "connection", so such a socket leaves none behind.
function armOnConnection(nsp: AnySocket["nsp"]): void {
  if (hookedNamespaces.has(nsp)) return;
  hookedNamespaces.add(nsp);
  nsp.on("connection", (socket: AnySocket) => {
    const arm = onConnected.get(socket);
    onConnected.delete(socket);
    arm?.();
  });
}

const watchedNamespaces = new WeakSet<AnySocket["nsp"]>();

/** Started with the namespace's first handshake: before it, the node has no socket to end. */
function watchOnce(nsp: AnySocket["nsp"], pollMs: number, logger: Logger | null): void {
  if (watchedNamespaces.has(nsp)) return;
  watchedNamespaces.add(nsp);
  const record = recordOfAdapter(nsp.adapter);
  if (record) watchEndedSessions(nsp as never, record, Math.max(pollMs, 10), logger);
}

/** Runs `first` on "connection", before what `guard` set up. */
function afterConnection(socket: AnySocket, first: () => void): void {
  const then = onConnected.get(socket);
  onConnected.set(socket, () => {
    first();
    then?.();
  });
}

/** Disconnects the socket when its token expires, and lets the client say hello and hand over fresh tokens. */
function guard(
  socket: AnySocket,
  session: AuthenticatedSocketData,
  source: TokenSource,
  verify: TokenVerifier,
  expiryGraceMs: number,
  budget: ReauthBudget,
): void {
  const timer = new ExpiryTimer(() => socket.disconnect(true));
  onConnected.set(socket, () => {
    // An earlier "connection" listener of the app may already have disconnected it.
    if (socket.connected) timer.set(session.expiresAt + expiryGraceMs);
  });
  socket.once("disconnect", () => timer.clear());

  socket.on(HELLO_EVENT, (...args: unknown[]) => {
    const ack = args[args.length - 1];
    // In cookie mode the page cannot read the token: it rotates by reconnecting, with the new cookie.
    if (typeof ack === "function") ack({ protocol: 1, reauth: source !== "cookie" } satisfies HelloAck);
  });

  const userId = session.userId;
  let received = 0;
  let applied = 0;
  let verifying = false;
  socket.on(REAUTH_EVENT, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === "function" ? (last as (reply: ReauthAck) => void) : undefined;
    // Bounded work per socket: one verification at a time (a client waits for its answer), within the budget.
    // Past that the socket is answered once and cut off: answering a flood request by request would still cost
    // reading and answering it all. Its client comes back by a new handshake, with a fresh token.
    if (verifying || !budget.take()) {
      if (ack) tell(ack, { ok: false, code: "REAUTH_LIMIT", message: REJECTION_MESSAGE });
      return void socket.disconnect(true);
    }
    if (!ack) return; // nobody to tell: not worth a verification
    const request = args.length > 1 ? args[0] : undefined;
    const order = ++received;
    verifying = true;
    reauthenticate(request).then(
      (fresh): ReauthAck => {
        // Answers may complete out of order: a slower, older hand-over must not undo a newer one.
        if (order > applied && socket.connected) {
          applied = order;
          setSessionData(socket, fresh);
          timer.set(fresh.expiresAt + expiryGraceMs);
        }
        return { ok: true, expiresAt: fresh.expiresAt };
      },
      (error: unknown): ReauthAck => ({ ...asRejection(error).data, ok: false, message: REJECTION_MESSAGE }),
    ).then((reply) => {
      verifying = false;
      tell(ack, reply);
    });
  });

  async function reauthenticate(request: unknown): Promise<AuthenticatedSocketData> {
    const token = asToken(typeof request === "object" && request !== null ? (request as { token?: unknown }).token : undefined);
    if (token === undefined) throw new SocketAuthError("TOKEN_MISSING");
    const fresh = await verify(token, socket);
    if (fresh.userId !== userId) throw new SocketAuthError("TOKEN_INVALID");
    return fresh;
  }
}

function tell(ack: (reply: ReauthAck) => void, reply: ReauthAck): void {
  try {
    ack(reply);
  } catch {
    // The connection is gone: there is nobody left to answer.
  }
}

/** Merges the session into `socket.data`, keeping the app's own fields, and puts the socket in its session's rooms. */
function setSessionData(socket: AnySocket, session: AuthenticatedSocketData): void {
  const { userId, sessionHandle, payload, expiresAt } = session;
  joinSessionRooms(socket, session);
  if (typeof socket.data === "object" && socket.data !== null) Object.assign(socket.data, { userId, sessionHandle, payload, expiresAt });
  else socket.data = { userId, sessionHandle, payload, expiresAt };
}

function asRejection(error: unknown): SocketAuthError {
  // Anything else is a bug in a path meant to throw only SocketAuthError: refuse rather than admit.
  return error instanceof SocketAuthError ? error : new SocketAuthError("TOKEN_INVALID", { cause: error });
}

/** The verifier the options choose: supertokens-node's (`sessionRecipe`) or jose's (`jwksUri`), exactly one. */
function createVerifier(options: AuthenticateSocketsOptions, logger: Logger | null): TokenVerifier {
  const maxTokenLength = nonNegative(options.maxTokenLength, 8192, "maxTokenLength");
  const { sessionRecipe } = options;
  if ((sessionRecipe === undefined) === (options.jwksUri === undefined)) {
    throw new TypeError(
      "authenticateSockets: give exactly one of `sessionRecipe` (supertokens-node's Session recipe, in the process that runs it) " +
        "and `jwksUri` (the backend's JWKS URL, e.g. https://api.example.com/auth/jwt/jwks.json)",
    );
  }
  if (sessionRecipe === undefined) {
    for (const name of ["checkDatabase", "overrideGlobalClaimValidators"] as const) {
      if (options[name] !== undefined) throw new TypeError(`authenticateSockets: \`${name}\` needs \`sessionRecipe\` (supertokens-node verifies then)`);
    }
    return createTokenVerifier({
      jwksUri: jwksUrl(options.jwksUri!),
      issuer: typeof options.issuer === "string" || options.issuer === undefined ? options.issuer : [...options.issuer],
      maxTokenLength,
      jwksCooldownMs: nonNegative(options.jwksCooldownMs, 30_000, "jwksCooldownMs"),
      jwksCacheMaxAgeMs: nonNegative(options.jwksCacheMaxAgeMs, 600_000, "jwksCacheMaxAgeMs"),
      jwksTimeoutMs: Math.round(nonNegative(options.jwksTimeoutMs, 5000, "jwksTimeoutMs")),
      logger,
    });
  }
  if (typeof sessionRecipe?.getSessionWithoutRequestResponse !== "function" || typeof sessionRecipe.getJWKS !== "function") {
    throw new TypeError('authenticateSockets: `sessionRecipe` must be supertokens-node\'s Session recipe: import Session from "supertokens-node/recipe/session"');
  }
  for (const name of ["issuer", "jwksCooldownMs", "jwksCacheMaxAgeMs", "jwksTimeoutMs"] as const) {
    if (options[name] !== undefined) throw new TypeError(`authenticateSockets: \`${name}\` applies to \`jwksUri\` only; supertokens-node fetches the keys with \`sessionRecipe\``);
  }
  if (options.overrideGlobalClaimValidators !== undefined && typeof options.overrideGlobalClaimValidators !== "function") {
    throw new TypeError("authenticateSockets: `overrideGlobalClaimValidators` must be a function (globalValidators, session, userContext) => validators");
  }
  return createSessionVerifier({
    sessionRecipe,
    checkDatabase: options.checkDatabase === true,
    overrideGlobalClaimValidators: options.overrideGlobalClaimValidators,
    maxTokenLength,
    logger,
  });
}

function originCheck(allowed: AuthenticateSocketsOptions["allowedOrigins"]): TokenLocation["isOriginAllowed"] {
  if (allowed === undefined) return undefined;
  if (typeof allowed === "function") return (origin) => allowed(origin) === true;
  const set = new Set(allowed);
  return (origin) => set.has(origin);
}

function jwksUrl(value: string | URL): URL {
  if (value instanceof URL) return value;
  try {
    return new URL(value);
  } catch {
    // falls through to a message that says what is expected
  }
  throw new TypeError("authenticateSockets: `jwksUri` must be an absolute URL, e.g. https://api.example.com/auth/jwt/jwks.json");
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) throw new TypeError(`authenticateSockets: \`${name}\` must be a number >= 0`);
  return value;
}
