import { describe, expect, it, vi } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { endSession, endUserSessions, EndSessionError, sessionRoom, userRoom, type RoomTarget } from "supertokens-socket/server";
import { REAUTH_EVENT, type ReauthAck } from "../../src/core/protocol";
import { nextEvent, nextOutcome, openClient, startAuthServer, type AuthServer } from "../support/authServer";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

async function server(): Promise<AuthServer & { open(sub: string, sessionHandle: string): Promise<ClientSocket> }> {
  const s = await startAuthServer({ jwksUri: fx.issuer.jwksUri });
  fx.defer(() => s.close());
  const open = async (sub: string, sessionHandle: string): Promise<ClientSocket> => {
    const socket = openClient(s.url, { auth: { token: await fx.issuer.sign({ sub, sessionHandle }) } });
    fx.defer(() => socket.disconnect());
    expect(await nextOutcome(socket)).toEqual({ connected: true });
    return socket;
  };
  return { ...s, open };
}

const whoami = (socket: ClientSocket) => socket.timeout(5000).emitWithAck("whoami") as Promise<{ userId: string; sessionHandle: string }>;
const serverSocketOf = (s: AuthServer, client: ClientSocket) => s.connected.find((socket) => socket.id === client.id)!;

describe("rooms", () => {
  it("names a session's and a user's room apart from each other and from an app's rooms", () => {
    expect(sessionRoom("abc")).toBe("supertokens-socket:session:abc");
    expect(userRoom("abc")).toBe("supertokens-socket:user:abc");
  });

  it("puts every admitted socket in its session's and its user's room, and moves it when a hand-over changes session", async () => {
    const s = await server();
    const client = await s.open("u1", "sh-1");
    const socket = serverSocketOf(s, client);
    expect([...socket.rooms].sort()).toEqual([socket.id, sessionRoom("sh-1"), userRoom("u1")].sort());
    socket.join("app-room");
    const fresh = await fx.issuer.sign({ sub: "u1", sessionHandle: "sh-2" });
    expect(await client.timeout(5000).emitWithAck(REAUTH_EVENT, { token: fresh })).toMatchObject({ ok: true } satisfies Partial<ReauthAck>);
    expect([...socket.rooms].sort()).toEqual([socket.id, "app-room", sessionRoom("sh-2"), userRoom("u1")].sort());
  });
});

describe("endSession", () => {
  it("disconnects every socket of the session, and only those", async () => {
    const s = await server();
    const revokedA = await s.open("u1", "sh-revoked");
    const revokedB = await s.open("u1", "sh-revoked");
    const otherSession = await s.open("u1", "sh-other");
    const otherUser = await s.open("u2", "sh-u2");
    const disconnects = Promise.all([nextEvent(revokedA, "disconnect"), nextEvent(revokedB, "disconnect")]);

    expect(await endSession(s.io, "sh-revoked")).toBe(2);
    expect(await disconnects).toEqual([["io server disconnect", undefined], ["io server disconnect", undefined]]);
    // The others still get answers.
    expect(await whoami(otherSession)).toMatchObject({ sessionHandle: "sh-other" });
    expect(await whoami(otherUser)).toMatchObject({ userId: "u2" });
    expect(await endSession(s.io, "sh-unknown")).toBe(0);
  });

  it("asks the adapter for the session's room only, never for every socket", async () => {
    const s = await server();
    await s.open("u1", "sh-1");
    await s.open("u2", "sh-2");
    const fetch = vi.spyOn(s.io.of("/").adapter, "fetchSockets");
    const disconnect = vi.spyOn(s.io.of("/").adapter, "disconnectSockets");
    expect(await endSession(s.io.of("/"), "sh-1")).toBe(1);
    expect(fetch.mock.calls.map(([opts]) => [...opts.rooms])).toEqual([[sessionRoom("sh-1")]]);
    expect(disconnect.mock.calls.map(([opts, close]) => [[...opts.rooms], close])).toEqual([[[sessionRoom("sh-1")], true]]);
  });

  it("ends through an emitter, which cannot count: resolves undefined", async () => {
    const calls: [string, boolean | undefined][] = [];
    const emitter: RoomTarget = { in: (room) => ({ disconnectSockets: (close) => void calls.push([room, close]) }) };
    expect(await endSession(emitter, "sh-1")).toBeUndefined();
    expect(await endUserSessions(emitter, "u1")).toBeUndefined();
    expect(calls).toEqual([[sessionRoom("sh-1"), true], [userRoom("u1"), true]]);
  });

  it("rejects, publishing nothing, when the emitter's Redis client is not connected", async () => {
    const published: string[] = [];
    const emitter = { redisClient: { isReady: false }, in: (room: string) => ({ disconnectSockets: () => void published.push(room) }) };
    await expect(endSession(emitter, "sh-1")).rejects.toMatchObject({ name: "EndSessionError", code: "REDIS_UNAVAILABLE" });
    expect(published).toEqual([]);
  });

  it("rejects within its bound, disconnecting nothing, when the cluster does not answer", async () => {
    const disconnected: string[] = [];
    const silent = { in: (room: string) => ({ fetchSockets: () => new Promise<never>(() => {}), disconnectSockets: () => void disconnected.push(room) }) };
    const error = await endSession(silent, "sh-1", { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndSessionError);
    expect(error).toMatchObject({ code: "CLUSTER_TIMEOUT", message: expect.stringMatching(/within 50 ms/) });
    expect(disconnected).toEqual([]);
  });

  it("refuses `io.in(room)`, whose rooms would be ended too, and an empty handle", async () => {
    const s = await server();
    const bystander = await s.open("u1", "sh-1");
    await expect(endSession(s.io.in(sessionRoom("sh-1")), "sh-2")).rejects.toThrow(TypeError);
    await expect(endSession(s.io, "")).rejects.toThrow(/non-empty string/);
    expect(await whoami(bystander)).toMatchObject({ sessionHandle: "sh-1" });
  });
});

describe("endUserSessions", () => {
  it("disconnects every socket of every session of the user, and only those", async () => {
    const s = await server();
    const a = await s.open("u1", "sh-a");
    const b = await s.open("u1", "sh-b");
    const otherUser = await s.open("u2", "sh-u2");
    const disconnects = Promise.all([nextEvent(a, "disconnect"), nextEvent(b, "disconnect")]);
    expect(await endUserSessions(s.io, "u1")).toBe(2);
    expect(await disconnects).toEqual([["io server disconnect", undefined], ["io server disconnect", undefined]]);
    expect(await whoami(otherUser)).toMatchObject({ userId: "u2" });
    expect(await endUserSessions(s.io, "nobody")).toBe(0);
  });
});
