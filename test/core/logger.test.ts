// The `logger` option: every transition with its reason and timings, never a token (issue 12).
import { describe, expect, it } from "vitest";
import { createAuthedSocket } from "supertokens-socket";
import { startAuthServer } from "../support/authServer";
import { fakeSession } from "../support/fakeSession";
import { nextEvent, until, connected } from "../support/wait";
import { useFixture } from "../support/fixture";

const fx = useFixture();

describe("logger", () => {
  it("hears every transition with its reason and timings, and every non-fatal error, and never a token", async () => {
    const server = fx.track(await startAuthServer({ jwksUri: fx.issuer.jwksUri }));
    const session = fakeSession(fx.issuer, { lifetimeMs: 60_000 });
    const tokens = [await session.signIn("lou")];
    const debug: string[] = [];
    const warn: string[] = [];
    const logger = { debug: (l: string) => void debug.push(l), warn: (l: string) => void warn.push(l) };
    const handle = fx.track(await createAuthedSocket(server.url, { ...session, logger, reconnectionDelay: 20 }));
    await connected(handle);
    await until(() => debug.some((l) => l.includes("takes tokens in place")), "the server's grant");

    const inPlace = nextEvent(handle, "token");
    handle.rotate();
    await inPlace;
    tokens.push(session.token!);
    session.failRefreshWith = new Error("refresh answered 500");
    const failed = nextEvent(handle, "error");
    handle.rotate();
    await failed;
    session.failRefreshWith = undefined;
    await nextEvent(handle, "token");
    tokens.push(session.token!);
    server.io.disconnectSockets(true); // a kick: back by reconnecting, with a fresh token
    await nextEvent(handle, "token", (e) => !e.inPlace);
    tokens.push(session.token!);

    expect(debug).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^supertokens-socket: connecting -> connected: handshake \d+ ms$/),
        expect.stringMatching(/connected -> refreshing/),
        expect.stringMatching(/token in \d+ ms/),
        expect.stringMatching(/refreshing -> connected: in place \d+ ms/),
        expect.stringMatching(/retry in \d+ ms/),
        expect.stringMatching(/connected -> reconnecting: io server disconnect/),
        expect.stringMatching(/reconnecting -> connected: handshake \d+ ms/),
      ]),
    );
    expect(warn).toEqual([expect.stringMatching(/^supertokens-socket: REFRESH_FAILED: /)]);
    // Not a token, nor any of its three parts.
    for (const token of tokens) {
      for (const part of token.split(".")) for (const line of [...debug, ...warn]) expect(line).not.toContain(part);
    }
  });
});
