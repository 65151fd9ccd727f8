import { describe, expectTypeOf, it } from "vitest";
import type { Socket } from "socket.io-client";
import WebJsSession from "supertokens-web-js/recipe/session";
import Website from "supertokens-website";
import AuthReactSession from "supertokens-auth-react/recipe/session";
import {
  createAuthedSocket,
  handlePreAPIHook,
  handleSessionEvent,
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

  it("wires into each SDK's session config as the README shows", () => {
    WebJsSession.init({ onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook });
    AuthReactSession.init({ onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook });
    Website.init({ apiDomain: "https://api.example.com", onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook });
    // The app's own hook takes the context on, unchanged.
    WebJsSession.init({ preAPIHook: (context) => handlePreAPIHook(context).then((c) => ({ ...c, url: `${c.url}?x` })) });
    expectTypeOf(handlePreAPIHook({ action: "SIGN_OUT", url: "u", requestInit: {} })).resolves.toEqualTypeOf<{
      action: string;
      url: string;
      requestInit: {};
    }>();
  });
});
