import { describe, expectTypeOf, it } from "vitest";
import type { Socket } from "socket.io-client";
import {
  createAuthedSocket,
  isAuthedSocketError,
  NotLoggedInError,
  type AuthedSocket,
  type AuthedSocketErrorCode,
  type AuthedSocketStatus,
  type UnauthenticatedReason,
} from "supertokens-socket";

interface ServerToClient {
  message: (text: string, from: string) => void;
}
interface ClientToServer {
  send: (text: string, ack: (ok: boolean) => void) => void;
}

describe("public types", () => {
  it("carries the socket's event maps through to the Socket", async () => {
    const authed = await createAuthedSocket<ServerToClient, ClientToServer>("http://x");
    expectTypeOf(authed).toEqualTypeOf<AuthedSocket<ServerToClient, ClientToServer>>();
    expectTypeOf(authed.socket).toEqualTypeOf<Socket<ServerToClient, ClientToServer>>();
    authed.socket.on("message", (text, from) => {
      expectTypeOf(text).toBeString();
      expectTypeOf(from).toBeString();
    });
    authed.socket.emit("send", "hi", (ok) => expectTypeOf(ok).toBeBoolean());
    // @ts-expect-error not in the server-to-client map
    authed.socket.on("nope", () => {});
  });

  it("types the lifecycle events and their unsubscribe", async () => {
    const authed = await createAuthedSocket("http://x");
    expectTypeOf(authed.on("status", (s) => expectTypeOf(s).toEqualTypeOf<AuthedSocketStatus>())).toEqualTypeOf<
      () => void
    >();
    authed.on("unauthenticated", ({ reason }) => expectTypeOf(reason).toEqualTypeOf<UnauthenticatedReason>());
    authed.on("token", (e) => {
      expectTypeOf(e.expiresAt).toEqualTypeOf<number | undefined>();
      // @ts-expect-error a token event never carries the token
      void e.token;
    });
    // @ts-expect-error unknown event
    authed.on("tokens", () => {});
  });

  it("narrows errors by code", () => {
    const e: unknown = new NotLoggedInError();
    if (isAuthedSocketError(e)) expectTypeOf(e.code).toEqualTypeOf<AuthedSocketErrorCode>();
    expectTypeOf<"NOT_LOGGED_IN">().toMatchTypeOf<AuthedSocketErrorCode>();
    expectTypeOf(new NotLoggedInError().code).toEqualTypeOf<"NOT_LOGGED_IN">();
    // @ts-expect-error options are checked
    void createAuthedSocket("http://x", { tokenIn: "header" });
  });
});
