// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import SuperTokensWebsite, {
  attemptRefreshingSession,
  doesSessionExist,
  getAccessToken,
  getAccessTokenPayloadSecurely,
  signOut,
} from "supertokens-website";
import { AuthedSocketError, NotLoggedInError, createAuthedSocket, type AuthedSocketOptions, type TokenEvent } from "supertokens-socket";
import {
  createAuthedSocket as createWebsiteSocket,
  handlePreAPIHook,
  handleSessionEvent,
} from "supertokens-socket/website";
import { startStack, type Stack } from "../../demo/stack";
import type { ChatClientEvents, ChatMessage, ChatServerEvents } from "../../demo/socketServer";
import { whoami } from "../stack/support/socketClient";
import { signIn } from "../stack/support/signIn";
import { failureOf, nextEvent, statusIs, until } from "../support/wait";

/*
 * An app on supertokens-website alone (no supertokens-web-js initialised): it imports supertokens-socket/website,
 * whose defaults are supertokens-website's functions, as the README's "With supertokens-website alone" shows; or it
 * passes those functions as options to the web-js entry. The real supertokens-website 20 in header mode under jsdom,
 * against the real supertokens-node backend over the emulated core; tokens live 3 s.
 */

/** The README's options, module-level so every handle shares one refresh. */
const websiteSession = {
  getAccessToken,
  attemptRefreshingSession,
  // Read only with tokenIn: "cookie"; typed here against the options all the same.
  doesSessionExist,
  getAccessTokenPayload: getAccessTokenPayloadSecurely,
} satisfies AuthedSocketOptions;

/** The messages of an error and of its causes, joined. */
function causes(error: unknown): string {
  const messages: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages.join(" <- ");
}

let stack: Stack;
const events: string[] = [];

beforeAll(async () => {
  stack = await startStack({ accessTokenLifetimeMs: 3000, tokenTransferMethod: "header" });
  SuperTokensWebsite.init({
    apiDomain: stack.apiDomain,
    apiBasePath: "/auth",
    tokenTransferMethod: "header",
    onHandleEvent: (event) => {
      events.push(event.action);
      handleSessionEvent(event);
    },
    preAPIHook: handlePreAPIHook,
  });
});
afterAll(() => stack?.close());
afterEach(async () => {
  if (await doesSessionExist()) await signOut();
  expect(stack.core.unhandled).toEqual([]);
});

describe("supertokens-website alone", () => {
  it("without them the package's supertokens-web-js defaults fail here; with them a logged-out page gets NotLoggedInError", async () => {
    // web-js was never initialised in this app: its default session functions have no session to read.
    const withoutOptions = await failureOf(createAuthedSocket(stack.socketUrl));
    expect(withoutOptions).toBeInstanceOf(AuthedSocketError);
    expect(withoutOptions).not.toBeInstanceOf(NotLoggedInError);
    expect(causes(withoutOptions)).toMatch(/No instance of Session found/);
    const error = await failureOf(createAuthedSocket(stack.socketUrl, websiteSession));
    expect(error).toBeInstanceOf(NotLoggedInError);
    expect(stack.io.sockets.sockets.size).toBe(0);
  });

  it("supertokens-socket/website needs no options: a logged-out page gets NotLoggedInError and opens nothing", async () => {
    const error = await failureOf(createWebsiteSocket(stack.socketUrl));
    expect(error).toBeInstanceOf(NotLoggedInError);
    expect(stack.io.sockets.sockets.size).toBe(0);
  });

  it.each([
    ["supertokens-socket/website, no options", () => createWebsiteSocket<ChatServerEvents, ChatClientEvents>(stack.socketUrl)],
    ["supertokens-socket, the functions as options", () => createAuthedSocket<ChatServerEvents, ChatClientEvents>(stack.socketUrl, websiteSession)],
  ])("%s: connects, rotates in place on one socket with events flowing, and the SDK's signOut() closes it", async (_how, create) => {
    await signIn(stack, "website-alice");
    const authed = await create();
    try {
      await statusIs(authed, "connected");
      expect(await whoami(authed.socket)).toBe("website-alice");
      const socketId = authed.socket.id;
      const tokens: TokenEvent[] = [];
      const texts: string[] = [];
      let disconnects = 0;
      authed.on("token", (event) => tokens.push(event));
      authed.socket.on("chat", (message: ChatMessage) => texts.push(message.text));
      authed.socket.on("disconnect", () => disconnects++);
      const refreshesBefore = stack.core.refreshes;

      for (let i = 1; i <= 3; i++) {
        await until(() => tokens.length >= i, `rotation ${i}`, 6000);
        const server = stack.io.sockets.sockets.get(socketId!);
        expect(server?.data.userId).toBe("website-alice");
        expect(server!.data.expiresAt).toBeGreaterThan(Date.now());
        server!.emit("chat", { from: "server", text: `tick ${i}` });
        await until(() => texts.length === i, `tick ${i}`, 5000);
      }
      expect(tokens.every((t) => t.inPlace)).toBe(true);
      expect(texts).toEqual(["tick 1", "tick 2", "tick 3"]);
      expect(disconnects).toBe(0);
      expect(authed.socket.id).toBe(socketId);
      // supertokens-website did the refreshing, through the option.
      expect(stack.core.refreshes).toBeGreaterThanOrEqual(refreshesBefore + 3);
      expect(events).toContain("REFRESH_SESSION");

      const ended = nextEvent(authed, "unauthenticated");
      await signOut();
      expect(await ended).toEqual({ reason: "signed-out" });
      await until(() => stack.io.sockets.sockets.size === 0, "the server to hold no socket", 5000);
    } finally {
      authed.close();
    }
  }, 30_000);
});
