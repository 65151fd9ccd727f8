import { describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { endSession } from "supertokens-socket/server";
import { nextEvent, nextOutcome, openClient, startAuthServer } from "../support/authServer";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

describe("endSession", () => {
  it("disconnects every socket of the session, and only those", async () => {
    const s = await startAuthServer({ jwksUri: fx.issuer.jwksUri });
    fx.defer(() => s.close());
    const open = async (sub: string, sessionHandle: string): Promise<ClientSocket> => {
      const socket = openClient(s.url, { auth: { token: await fx.issuer.sign({ sub, sessionHandle }) } });
      fx.defer(() => socket.disconnect());
      expect(await nextOutcome(socket)).toEqual({ connected: true });
      return socket;
    };
    const revokedA = await open("u1", "sh-revoked");
    const revokedB = await open("u1", "sh-revoked");
    const otherSession = await open("u1", "sh-other");
    const otherUser = await open("u2", "sh-u2");
    const disconnects = Promise.all([nextEvent(revokedA, "disconnect"), nextEvent(revokedB, "disconnect")]);

    expect(await endSession(s.io, "sh-revoked")).toBe(2);
    expect(await disconnects).toEqual([["io server disconnect", undefined], ["io server disconnect", undefined]]);
    // The others still get answers.
    expect(await otherSession.timeout(5000).emitWithAck("whoami")).toMatchObject({ sessionHandle: "sh-other" });
    expect(await otherUser.timeout(5000).emitWithAck("whoami")).toMatchObject({ userId: "u2" });
    expect(await endSession(s.io, "sh-unknown")).toBe(0);
  });
});
