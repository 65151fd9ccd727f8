// The rotation bench's clients ("rigs"): one per way of keeping a socket authenticated across a token rotation.
import { io, type Socket as ClientSocket } from "socket.io-client";
import { createAuthedSocket, type AuthedSocket } from "supertokens-socket";
import type { FakeSession } from "../test/support/fakeSession";
import { log, once, until, type BenchServer } from "./support";

/** One rotation's outcome; `recovered: false` ends the run (the client is down for good). */
export interface Rotated {
  recovered: boolean;
  inPlace?: boolean;
}

export interface Rig {
  rotate(): Promise<Rotated>;
  close(): void;
}

export interface RigContext {
  url: string;
  server: BenchServer;
  session: FakeSession;
  /** socket.io-client options of every socket the rig opens (transports). */
  clientOptions: { transports?: string[] };
  /** Every socket the rig opens must be handed to the recorder. */
  onSocket(socket: ClientSocket): void;
}

/** The package's options for a fake session (socket.io's default transports: polling, then upgrade). */
const packageOptions = (session: FakeSession) => ({
  getAccessToken: session.getAccessToken,
  attemptRefreshingSession: session.attemptRefreshingSession,
});

async function connectedHandle(ctx: RigContext): Promise<AuthedSocket> {
  const handle = await createAuthedSocket(ctx.url, { ...ctx.clientOptions, ...packageOptions(ctx.session) });
  ctx.onSocket(handle.socket);
  await until(() => handle.status === "connected", "handle connected");
  return handle;
}

/** The handle's own rotation (`rotate()` queues the same "refresh" work the refresh timer does). */
export async function packageRig(ctx: RigContext): Promise<Rig> {
  const handle = await connectedHandle(ctx);
  return {
    async rotate() {
      const token = new Promise<boolean>((resolve) => {
        const off = handle.on("token", (e) => {
          off();
          resolve(e.inPlace);
        });
      });
      handle.rotate();
      return { recovered: true, inPlace: await token };
    },
    close: () => handle.close(),
  };
}

/** Reference: close the handle, refresh, open a brand-new one. */
export async function coldRig(ctx: RigContext): Promise<Rig> {
  let handle = await connectedHandle(ctx);
  return {
    async rotate() {
      handle.close();
      await ctx.session.attemptRefreshingSession();
      handle = await connectedHandle(ctx);
      return { recovered: true, inPlace: false };
    },
    close: () => handle.close(),
  };
}

/**
 * socket.io-client's own `auth` callback, as a careful user writes it: a fresh token on every CONNECT, and a
 * reconnect after the server's expiry kick (socket.io never reconnects after "io server disconnect" by itself).
 * A rotation replays the token's expiry on both sides at once: the SDK's clock passes `exp` (so getAccessToken
 * refreshes, as it would) and the server disconnects the socket exactly as authenticateSockets' expiry timer does.
 */
export async function ioAuthRig(ctx: RigContext): Promise<Rig> {
  const { session } = ctx;
  const socket = io(ctx.url, {
    ...ctx.clientOptions,
    forceNew: true,
    auth: (cb) => void session.getAccessToken().then((token) => cb({ token })),
  });
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect") socket.connect();
  });
  ctx.onSocket(socket);
  await once(socket, "connect");
  return {
    async rotate() {
      session.now = () => Number.POSITIVE_INFINITY;
      const connected = once(socket, "connect");
      for (const s of ctx.server.io.of("/").sockets.values()) s.disconnect(true);
      await connected;
      session.now = () => Date.now();
      return { recovered: true, inPlace: false };
    },
    close: () => socket.close(),
  };
}

/**
 * SuperTokens' guide as written: the token goes in the query once, socket.io reconnects by itself with that same
 * token. The seed server never checks a token after the handshake, so nothing happens at expiry until the first
 * reconnection after it: the rotation is a transport drop after `exp` (a network blip, a deploy).
 */
export const SEED_TOKEN_LIFETIME_MS = 3_000;
export async function seedRecipeRig(ctx: RigContext, downWindowMs: number): Promise<Rig> {
  const token = (await ctx.session.getAccessToken())!;
  const exp = (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number }).exp * 1000;
  const socket = io(ctx.url, { ...ctx.clientOptions, forceNew: true, query: { token } });
  ctx.onSocket(socket);
  let rejections = 0;
  socket.on("connect_error", () => rejections++);
  await once(socket, "connect");
  return {
    async rotate() {
      await until(() => Date.now() > exp + 200, "the token's expiry", SEED_TOKEN_LIFETIME_MS + 2_000, 20);
      for (const s of ctx.server.io.of("/").sockets.values()) s.conn.close();
      const reconnected = await once(socket, "connect", downWindowMs).then(
        () => true,
        () => false,
      );
      log(`  seed recipe: reconnected=${reconnected}, handshakes refused=${rejections}, socket.active=${socket.active}`);
      return { recovered: reconnected };
    },
    close: () => socket.close(),
  };
}

/** Which rig a variant runs. */
export type ClientKind = "package" | "cold" | "ioAuth" | "seedRecipe";
