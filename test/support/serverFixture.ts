import { afterEach, beforeEach, expect, vi } from "vitest";
import type { ServerOptions } from "socket.io";
import type { Socket as ClientSocket } from "socket.io-client";
import type { AuthenticateSocketsOptions } from "supertokens-socket/server";
import { startIssuer, type Issuer } from "./jwks";
import { nextOutcome, openClient, startAuthServer, type AuthServer, type ClientOptions } from "./authServer";

export interface ServerFixture {
  /** A fresh issuer (keys and JWKS endpoint) for each test. */
  readonly issuer: Issuer;
  /** Runs `close` after the current test, last deferred first. */
  defer(close: () => unknown): void;
  /** A server behind `authenticateSockets` with this test's issuer. */
  server(options?: Partial<AuthenticateSocketsOptions>, serverOptions?: Partial<ServerOptions>): Promise<AuthServer>;
  /** A plain socket.io client (WebSocket, no reconnection), disconnected after the test. */
  client(url: string, options: ClientOptions): ClientSocket;
  /** Connects and answers "connected" or the rejection's code, checking the rejection's shape. */
  attempt(url: string, options: ClientOptions): Promise<string>;
  /** Connects, and fails the test if the server refuses. */
  connect(url: string, options: ClientOptions): Promise<ClientSocket>;
}

/** The server suites' set-up: each test gets its own issuer, and nothing it opens outlives it. */
export function useServerFixture(): ServerFixture {
  let issuer: Issuer | undefined;
  const closers: (() => unknown)[] = [];
  beforeEach(async () => {
    const fresh = await startIssuer();
    issuer = fresh;
    closers.push(() => fresh.close());
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const close of closers.splice(0).reverse()) await close();
  });
  const fixture: ServerFixture = {
    get issuer() {
      if (!issuer) throw new Error("the issuer starts in beforeEach");
      return issuer;
    },
    defer: (close) => void closers.push(close),
    async server(options = {}, serverOptions = {}) {
      const server = await startAuthServer({ jwksUri: fixture.issuer.jwksUri, ...options }, serverOptions);
      closers.push(() => server.close());
      return server;
    },
    client(url, options) {
      const socket = openClient(url, options);
      closers.push(() => socket.disconnect());
      return socket;
    },
    async attempt(url, options) {
      const outcome = await nextOutcome(fixture.client(url, options));
      if (outcome.connected) return "connected";
      expect(outcome.message).toBe("Authentication error");
      expect(outcome.data).toEqual({ code: expect.any(String) });
      return (outcome.data as { code: string }).code;
    },
    async connect(url, options) {
      const socket = fixture.client(url, options);
      expect(await nextOutcome(socket)).toEqual({ connected: true });
      return socket;
    },
  };
  return fixture;
}
