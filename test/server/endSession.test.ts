import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { endSession } from "supertokens-socket/server";
import { startIssuer, type Issuer } from "../support/jwks";
import { nextEvent, nextOutcome, openClient, startAuthServer } from "../support/authServer";

let issuer: Issuer;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  issuer = await startIssuer();
  closers.push(() => issuer.close());
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe("endSession", () => {
  it("disconnects every socket of the session, and only those", async () => {
    const s = await startAuthServer({ jwksUri: issuer.jwksUri });
    closers.push(() => s.close());
    const open = async (sub: string, sessionHandle: string): Promise<ClientSocket> => {
      const socket = openClient(s.url, { auth: { token: await issuer.sign({ sub, sessionHandle }) } });
      closers.push(() => socket.disconnect());
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
