import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import SuperTokens from "supertokens-web-js/index.js";
import * as Session from "supertokens-web-js/recipe/session/index.js";
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from "jose";
import { handlePreAPIHook, handleSessionEvent, type AuthedSocket } from "supertokens-socket";
import { startStack, type Stack, type StackOptions } from "../../../demo/stack";
import type { ChatClientEvents, ChatServerEvents } from "../../../demo/socketServer";
export { signIn } from "../../stack/support/signIn";

/*
 * The real supertokens-web-js in header mode under jsdom, initialised once per file (its patches are process-wide),
 * against the real supertokens-node backend, the emulated core and the demo's socket server, all in this process.
 * The app wires `onHandleEvent: handleSessionEvent` and `preAPIHook: handlePreAPIHook` as the README says, the events
 * through a recorder that can be paused to model a token change this tab's handle hears nothing about.
 */

export type ChatHandle = AuthedSocket<ChatServerEvents, ChatClientEvents>;

/** Every token the socket server was handed (handshake or in-place), checked the moment it arrived. */
export interface Presented {
  via: "handshake" | "reauth";
  payload: JWTPayload;
  /** jose's verdict against the backend's JWKS, at arrival: undefined when valid, else the error's code/name. */
  invalid: string | undefined;
  /** ms the token had left when it arrived (server clock = local clock here). */
  leftMs: number;
}

export interface RealSdk {
  readonly stack: Stack;
  /** The session events the SDK fired, in order (actions only). */
  readonly events: string[];
  /** While false, SDK events are recorded but not forwarded to handleSessionEvent. */
  forward: boolean;
  /** Tokens the socket server received since the test began, once each has its verdict. */
  presented(): Promise<Presented[]>;
  /** Engine-level connections (handshakes of any kind) the socket server saw since the test began. */
  readonly engineConnections: number;
}

/**
 * Starts the stack and initialises the SDK for this file; between tests, signs out, clears failures and counters.
 * Handles passed to `track` are closed after each test.
 */
export function useRealSdk(options: StackOptions = {}): RealSdk & { track<T extends ChatHandle>(handle: T): T } {
  const events: string[] = [];
  const presented: Presented[] = [];
  const handles: ChatHandle[] = [];
  let stack: Stack | undefined;
  let engineConnections = 0;
  let pending: Promise<void>[] = [];

  const ctx = {
    get stack() {
      if (!stack) throw new Error("the stack is not started");
      return stack;
    },
    events,
    forward: true,
    async presented() {
      await Promise.all(pending);
      return presented;
    },
    get engineConnections() {
      return engineConnections;
    },
    track<T extends ChatHandle>(handle: T): T {
      handles.push(handle);
      return handle;
    },
  };

  beforeAll(async () => {
    stack = await startStack({ accessTokenLifetimeMs: 3000, tokenTransferMethod: "header", ...options });
    const jwks = createRemoteJWKSet(new URL(stack.jwksUri));
    const check = (via: Presented["via"], token: unknown) => {
      if (typeof token !== "string") return;
      const payload = decodeJwt(token);
      const arrived = new Date();
      // In arrival order; the verdict is filled in when jose has checked it.
      const entry: Presented = { via, payload, invalid: undefined, leftMs: (payload.exp ?? 0) * 1000 - arrived.getTime() };
      presented.push(entry);
      pending.push(
        jwtVerify(token, jwks, { currentDate: arrived }).then(
          () => {},
          (error: { code?: string; name?: string }) => {
            entry.invalid = error.code ?? error.name ?? "error";
          },
        ),
      );
    };
    // After authenticateSockets: sees the handshakes it admitted, with the token they carried.
    stack.io.use((socket, next) => {
      check("handshake", socket.handshake.query.token ?? (socket.handshake.auth as { token?: unknown }).token);
      socket.onAny((event: string, request: unknown) => {
        if (event === "supertokens-socket:reauth") check("reauth", (request as { token?: unknown } | undefined)?.token);
      });
      next();
    });
    stack.io.engine.on("connection", () => engineConnections++);

    SuperTokens.init({
      appInfo: { apiDomain: stack.apiDomain, apiBasePath: "/auth", appName: "supertokens-socket e2e-jsdom" },
      recipeList: [
        Session.init({
          tokenTransferMethod: "header",
          onHandleEvent: (event) => {
            events.push(event.action);
            if (ctx.forward) handleSessionEvent(event);
          },
          preAPIHook: handlePreAPIHook,
        }),
      ],
    });
  });

  afterAll(() => stack?.close());

  beforeEach(async () => {
    ctx.stack.core.failRefresh = undefined;
    ctx.forward = true;
    if (await Session.doesSessionExist()) await Session.signOut();
    ctx.stack.core.resetCalls();
    events.length = 0;
    presented.length = 0;
    pending = [];
    engineConnections = 0;
  });

  afterEach(async () => {
    handles.splice(0).forEach((handle) => handle.close());
    await Promise.all(pending);
    // supertokens-node asked the emulator for nothing it does not know.
    expect(ctx.stack.core.unhandled).toEqual([]);
  });

  return ctx;
}

/** The server's side of the handle's socket (same id on both ends), or undefined once it left. */
export async function serverSocketOf(stack: Stack, handle: ChatHandle) {
  const id = handle.socket.id;
  return (await stack.io.fetchSockets()).find((socket) => socket.id === id);
}

/** The access token the SDK holds now. */
export async function sdkToken(): Promise<string> {
  const token = await Session.getAccessToken();
  if (token === undefined) throw new Error("the SDK holds no access token");
  return token;
}
