import { createAuthedSocket, type AuthedSocket, type AuthedSocketOptions } from "supertokens-socket";
import type { Fixture } from "../support/fixture";
import { fakeSession, type FakeSession } from "../support/fakeSession";
import { startNamespaceServer, type NamespaceServer, type NamespaceServerOptions } from "../support/namespaceServer";
import { connected } from "../support/wait";

/** The two kinds of server every namespace requirement is shown against. */
export const STYLES = ["authenticateSockets", "guide"] as const;

/** A namespace server for this test, closed after it. */
export async function namespaceServer(
  fx: Fixture,
  options: Omit<NamespaceServerOptions, "jwksUri">,
): Promise<NamespaceServer> {
  return fx.track(await startNamespaceServer({ jwksUri: fx.issuer.jwksUri, ...options }));
}

/** A signed-in fake session whose refreshes only the package may merge (the SDK's own merge turned off). */
export async function signedIn(fx: Fixture, sub: string, lifetimeMs = 60_000): Promise<FakeSession> {
  const session = fakeSession(fx.issuer, { lifetimeMs });
  (session as { mergesRefreshes?: boolean }).mergesRefreshes = false;
  await session.signIn(sub);
  return session;
}

/** The session's functions as options (never the session object: its getters would be read as options). */
export const sessionOptions = (session: FakeSession): AuthedSocketOptions => ({
  getAccessToken: session.getAccessToken,
  attemptRefreshingSession: session.attemptRefreshingSession,
});

/** One handle per namespace on `server`, all connected, closed after the test. */
export async function openHandles(
  fx: Fixture,
  server: Pick<NamespaceServer, "url">,
  session: FakeSession,
  namespaces: string[],
  options: AuthedSocketOptions = {},
): Promise<AuthedSocket[]> {
  const handles: AuthedSocket[] = [];
  for (const nsp of namespaces) {
    handles.push(fx.track(await createAuthedSocket(`${server.url}${nsp}`, { ...sessionOptions(session), ...options })));
  }
  await Promise.all(handles.map((h) => connected(h)));
  return handles;
}

/** The token in a Manager's handshake query. */
export const queryToken = (handle: AuthedSocket) => (handle.socket.io.opts.query as { token?: string } | undefined)?.token;
