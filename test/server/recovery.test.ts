import { describe, expect, it } from "vitest";
import type { ServerOptions } from "socket.io";
import type { Socket as ClientSocket } from "socket.io-client";
import { sessionRoom, userRoom } from "supertokens-socket/server";
import { nextEvent, nextOutcome, openClient, startAuthServer, type AuthServer } from "../support/authServer";
import { useServerFixture } from "../support/serverFixture";

const fx = useServerFixture();

async function recoveringServer(recovery: ServerOptions["connectionStateRecovery"]) {
  const warnings: string[] = [];
  const s: AuthServer = await startAuthServer(
    { jwksUri: fx.issuer.jwksUri, logger: { warn: (message) => void warnings.push(message) } },
    { connectionStateRecovery: recovery },
  );
  fx.defer(() => s.close());
  // Recovery needs an offset: the client must have received at least one event.
  s.io.on("connection", (socket) => socket.emit("welcome"));
  return { ...s, warnings };
}

/** A client whose `auth` reads `current.token` on every CONNECT, as a token-rotating client does. */
async function recoverableClient(url: string, current: { token: string }): Promise<ClientSocket> {
  const socket = openClient(url, {
    reconnection: true,
    reconnectionDelay: 10,
    reconnectionDelayMax: 10,
    auth: (cb) => cb({ token: current.token }),
  });
  fx.defer(() => socket.disconnect());
  const welcome = nextEvent(socket, "welcome");
  expect(await nextOutcome(socket)).toEqual({ connected: true });
  await welcome;
  return socket;
}

/** Drops the engine connection the way a network failure does: socket.io keeps the session for recovery. */
function dropConnection(socket: ClientSocket): void {
  socket.io.engine.close();
}

describe("connection state recovery", () => {
  it("does not restore a socket that presents a bad token after a dropped connection", async () => {
    const { url, warnings } = await recoveringServer({}); // socket.io's default: skipMiddlewares true
    const current = { token: await fx.issuer.sign({ sub: "u1" }) };
    const socket = await recoverableClient(url, current);
    current.token = "garbage";
    dropConnection(socket);
    expect(await nextOutcome(socket)).toEqual({
      connected: false,
      message: "Authentication error",
      data: { code: "TOKEN_INVALID" },
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/skipMiddlewares/);
  });

  it("does not restore a socket that presents an expired token", async () => {
    const { url } = await recoveringServer({ skipMiddlewares: false });
    const current = { token: await fx.issuer.sign({ sub: "u1" }) };
    const socket = await recoverableClient(url, current);
    current.token = await fx.issuer.sign({ sub: "u1", lifetimeMs: -5000 });
    dropConnection(socket);
    expect(await nextOutcome(socket)).toMatchObject({ connected: false, data: { code: "TOKEN_EXPIRED" } });
  });

  it("does not hand one user's restored rooms and data to another user's token", async () => {
    const { url } = await recoveringServer({});
    const current = { token: await fx.issuer.sign({ sub: "alice" }) };
    const socket = await recoverableClient(url, current);
    current.token = await fx.issuer.sign({ sub: "bob" });
    dropConnection(socket);
    expect(await nextOutcome(socket)).toMatchObject({ connected: false, data: { code: "TOKEN_INVALID" } });
  });

  it("restores a socket that presents a valid token of the same user, with the new token's data", async () => {
    const { url, connected, warnings } = await recoveringServer({ skipMiddlewares: false });
    const current = { token: await fx.issuer.sign({ sub: "u1", sessionHandle: "sh-1" }) };
    const socket = await recoverableClient(url, current);
    const fresh = await fx.issuer.sign({ sub: "u1", sessionHandle: "sh-2", lifetimeMs: 120_000 });
    current.token = fresh;
    dropConnection(socket);
    expect(await nextOutcome(socket)).toEqual({ connected: true });
    expect(socket.recovered).toBe(true);
    const restored = connected[connected.length - 1]!;
    expect(restored.recovered).toBe(true);
    const exp = JSON.parse(Buffer.from(fresh.split(".")[1]!, "base64url").toString()).exp as number;
    expect(restored.data).toMatchObject({ userId: "u1", sessionHandle: "sh-2", expiresAt: exp * 1000 });
    // Back in the rooms of the session its new token proves, and no longer in the old one's.
    expect([...restored.rooms].sort()).toEqual([restored.id, sessionRoom("sh-2"), userRoom("u1")].sort());
    expect(warnings).toEqual([]);
  });
});
