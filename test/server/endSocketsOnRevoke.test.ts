import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import Session from "supertokens-node/recipe/session";
import type { Socket as ClientSocket } from "socket.io-client";
import { authenticateSockets, endSocketsOnRevoke, type AuthenticatedSocketData } from "supertokens-socket/server";
import { nextEvent, nextOutcome, openClient } from "../support/authServer";
import { until } from "../support/wait";
import { startSdkServer, type SdkServer } from "./support/sdkServer";

/*
 * endSocketsOnRevoke under the real supertokens-node (one init per file), composed with the app's own override as
 * SuperTokens' docs write them: spreading our result and calling through it.
 */

let sdk: SdkServer;
const warnings: string[] = [];
let createdThroughAppOverride = 0;
const opened: ClientSocket[] = [];

beforeAll(async () => {
  sdk = await startSdkServer((io) => ({
    override: {
      functions: (original) => {
        const base = endSocketsOnRevoke(io, { logger: { warn: (message) => void warnings.push(message) } })(original);
        return {
          ...base,
          createNewSession: async (input) => {
            createdThroughAppOverride++;
            return base.createNewSession(input);
          },
        };
      },
    },
  }));
  sdk.namespace("/").use(authenticateSockets({ sessionRecipe: Session, logger: null }));
});
afterAll(() => sdk.close());
afterEach(() => {
  opened.splice(0).forEach((socket) => socket.disconnect());
  vi.restoreAllMocks();
  expect(sdk.core.unhandled).toEqual([]);
  warnings.length = 0;
});

/** A signed-in session with `sockets` sockets open on it. */
async function signedIn(userId: string, sockets = 1) {
  const session = await sdk.signIn(userId);
  const clients: ClientSocket[] = [];
  for (let i = 0; i < sockets; i++) {
    const socket = openClient(sdk.url, { auth: { token: session.accessToken } });
    opened.push(socket);
    expect(await nextOutcome(socket)).toEqual({ connected: true });
    clients.push(socket);
  }
  return { ...session, socket: clients[0]!, sockets: clients };
}

const ended = (socket: ClientSocket) => nextEvent<[string]>(socket, "disconnect").then(([reason]) => reason);
/** A round trip: the socket is still authenticated, as this session. */
const whoami = async (socket: ClientSocket) =>
  ((await socket.timeout(5000).emitWithAck("whoami")) as AuthenticatedSocketData).sessionHandle;

describe("endSocketsOnRevoke", () => {
  it("revokeSession ends every socket of that session, and answers what the SDK answered", async () => {
    const alice = await signedIn("alice", 2);
    const other = await signedIn("alice");
    const endings = alice.sockets.map(ended);

    expect(await Session.revokeSession(alice.sessionHandle)).toBe(true);

    expect(await Promise.all(endings)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await whoami(other.socket)).toBe(other.sessionHandle);
    expect(await Session.revokeSession(alice.sessionHandle)).toBe(false);
  });

  it("revokeMultipleSessions (the dashboard) ends exactly those sessions' sockets", async () => {
    const [alice, aliceElsewhere, bob, carol] = await Promise.all(["alice", "alice", "bob", "carol"].map((user) => signedIn(user)));
    const endings = [ended(alice!.socket), ended(bob!.socket)];

    const revoked = await Session.revokeMultipleSessions([alice!.sessionHandle, bob!.sessionHandle]);

    expect([...revoked].sort()).toEqual([alice!.sessionHandle, bob!.sessionHandle].sort());
    expect(await Promise.all(endings)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await whoami(aliceElsewhere!.socket)).toBe(aliceElsewhere!.sessionHandle);
    expect(await whoami(carol!.socket)).toBe(carol!.sessionHandle);
  });

  it("revokeAllSessionsForUser ends every session of the user, and nobody else's", async () => {
    const [one, two, dave] = await Promise.all(["bob", "bob", "dave"].map((user) => signedIn(user)));
    const endings = [ended(one!.socket), ended(two!.socket)];

    const revoked = await Session.revokeAllSessionsForUser("bob");

    expect([...revoked].sort()).toEqual([one!.sessionHandle, two!.sessionHandle].sort());
    expect(await Promise.all(endings)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await whoami(dave!.socket)).toBe(dave!.sessionHandle);
  });

  it("composes with the app's own override written as the docs write them", async () => {
    const before = createdThroughAppOverride;
    const erin = await signedIn("erin");
    // The app's createNewSession ran, calling through our result into supertokens-node's own.
    expect(createdThroughAppOverride).toBe(before + 1);
    const ending = ended(erin.socket);
    await Session.revokeSession(erin.sessionHandle);
    expect(await ending).toBe("io server disconnect");
  });

  it("logs a failure to reach the sockets, without a token, and the revocation still succeeds", async () => {
    const frank = await signedIn("frank");
    vi.spyOn(sdk.io.of("/").adapter, "fetchSockets").mockRejectedValue(new Error("the cluster did not answer"));

    expect(await Session.revokeSession(frank.sessionHandle)).toBe(true);

    expect(sdk.core.hasSession(frank.sessionHandle)).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/sockets of 1 revoked session\(s\) could not be ended/);
    expect(warnings[0]).not.toContain(frank.accessToken.split(".")[1]!);
    expect(frank.socket.connected).toBe(true);
  });

  it("answers after its timeoutMs while the ending still waits for the cluster, and logs the ending's failure later", async () => {
    const gina = await signedIn("gina");
    let fail!: (error: Error) => void;
    vi.spyOn(sdk.io.of("/").adapter, "fetchSockets").mockReturnValue(new Promise((_, reject) => (fail = reject)));

    // The listing never answers: the sign-out still answers, after the default timeoutMs (1 s), not endSession's 5 s.
    expect(await Session.revokeSession(gina.sessionHandle)).toBe(true);
    expect(warnings).toEqual([]);
    fail(new Error("the cluster did not answer"));
    await until(() => warnings.length === 1, "the ending's failure to be logged");
    expect(warnings[0]).toMatch(/sockets of 1 revoked session\(s\) could not be ended/);
    expect(gina.socket.connected).toBe(true);
  });

  it("refuses a timeoutMs that is not a number >= 0", () => {
    expect(() => endSocketsOnRevoke(sdk.io, { timeoutMs: -1 })).toThrow(/`timeoutMs` must be a number >= 0/);
  });
});
