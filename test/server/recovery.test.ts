import { describe, expect, it } from "vitest";
import type { ServerOptions } from "socket.io";
import type { Socket as ClientSocket } from "socket.io-client";
import { endSession, sessionRoom, userRoom } from "supertokens-socket/server";
import { nextEvent, nextOutcome, openClient, startAuthServer, type AuthServer } from "../support/authServer";
import { useServerFixture } from "../support/serverFixture";
import { until } from "../support/wait";

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

describe("connection state recovery while the recovered socket is verified", () => {
  /** A server whose claim check for `sub` waits until the test lets it through: the verification window, held open. */
  async function slowlyVerifyingServer(sub: string) {
    let letThrough: (() => void) | undefined;
    const s = await startAuthServer(
      {
        jwksUri: fx.issuer.jwksUri,
        checkClaims: async (payload, socket) => {
          if (payload.sub === sub && socket.recovered) await new Promise<void>((resolve) => (letThrough = resolve));
          return true;
        },
      },
      { connectionStateRecovery: { skipMiddlewares: false } },
    );
    fx.defer(() => s.close());
    s.io.on("connection", (socket) => socket.emit("welcome"));
    const verifying = async () => {
      await until(() => letThrough !== undefined, "the recovered socket's verification to start");
      return letThrough!;
    };
    return { ...s, verifying };
  }

  it("delivers the broadcasts made while the recovered socket is verified, in order, before newer ones", async () => {
    const s = await slowlyVerifyingServer("u1");
    const socket = await recoverableClient(s.url, { token: await fx.issuer.sign({ sub: "u1" }) });
    const got: string[] = [];
    socket.on("news", (text: string) => void got.push(text));
    dropConnection(socket);
    const letThrough = await s.verifying();
    s.io.emit("news", "sent while verifying");
    s.io.to(userRoom("u1")).emit("news", "to its user room while verifying");
    letThrough();
    expect(await nextOutcome(socket)).toEqual({ connected: true });
    expect(socket.recovered).toBe(true);
    s.io.emit("news", "after");
    while (got.length < 3) await nextEvent(socket, "news");
    expect(got).toEqual(["sent while verifying", "to its user room while verifying", "after"]);
  });

  it("ends a recovered socket whose session is ended while it is verified", async () => {
    const s = await slowlyVerifyingServer("u1");
    const socket = await recoverableClient(s.url, { token: await fx.issuer.sign({ sub: "u1", sessionHandle: "sh-1" }) });
    dropConnection(socket);
    const letThrough = await s.verifying();
    await endSession(s.io, "sh-1");
    const ended = nextEvent(socket, "disconnect");
    letThrough();
    expect(await ended).toEqual(["io server disconnect", undefined]);
  });
});
