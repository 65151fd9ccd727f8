// Compiled by scripts/test-package-types.mjs against the packed package, under moduleResolution node10, node16 (as
// ESM and as CommonJS) and bundler. Every entry must resolve to real types: each @ts-expect-error fails the build
// if a type came back as `any`.
import { createAuthedSocket, NotLoggedInError, type AuthedSocket, type AuthedSocketStatus } from "supertokens-socket";
import { createAuthedSocket as createWebsiteSocket, type AuthedSocket as WebsiteSocket } from "supertokens-socket/website";
import { useAuthedSocket, useSocketEvent, type UseAuthedSocketStatus } from "supertokens-socket/react";
import { authedSocket, socketEvent, type AuthedSocketStoreStatus } from "supertokens-socket/svelte";
import { useAuthedSocket as useVueSocket, useSocketEvent as useVueSocketEvent, type UseAuthedSocketStatus as VueStatus } from "supertokens-socket/vue";
import { injectAuthedSocket, injectSocketEvent, type InjectAuthedSocketStatus } from "supertokens-socket/angular";
import { authenticateSockets, SocketAuthError, type AuthenticatedSocketData } from "supertokens-socket/server";
import * as Umd from "supertokens-socket/umd";

interface ServerToClient {
  chat: (text: string) => void;
}

export function connect(): Promise<AuthedSocket<ServerToClient>> {
  return createAuthedSocket<ServerToClient>("https://api.example.com", { tokenIn: "auth" });
}
// @ts-expect-error the url is a string
void createAuthedSocket(42);

// The website entry: the same functions and types, on supertokens-website.
export const websiteSocket: Promise<WebsiteSocket<ServerToClient>> = createWebsiteSocket<ServerToClient>("https://api.example.com");
// @ts-expect-error the url is a string
void createWebsiteSocket(42);

export const status: AuthedSocketStatus = "connected";
// @ts-expect-error not a status
export const notAStatus: AuthedSocketStatus = "nope";
export const hookStatus: UseAuthedSocketStatus = "idle";
export const notLoggedIn: Error = new NotLoggedInError();

export function Chat(): null {
  const { socket } = useAuthedSocket<ServerToClient>("https://api.example.com");
  useSocketEvent(socket, "chat", (text) => text.toUpperCase());
  // @ts-expect-error the socket has no such event
  useSocketEvent(socket, "nope", () => {});
  return null;
}

// Svelte: the store contract, typed from the socket's events.
export const chat = authedSocket<ServerToClient>("https://api.example.com");
export const stopChat: () => void = socketEvent(chat, "chat", (text) => text.toUpperCase());
// @ts-expect-error the store's socket has no such event
socketEvent(chat, "nope", () => {});
export const storeStatus: AuthedSocketStoreStatus = "idle";

// Vue: read-only refs, the event typed from the socket's events.
export function setupChat(): VueStatus {
  const { socket, status } = useVueSocket<ServerToClient>("https://api.example.com");
  useVueSocketEvent(socket, "chat", (text) => text.toUpperCase());
  // @ts-expect-error the socket has no such event
  useVueSocketEvent(socket, "nope", () => {});
  // @ts-expect-error the refs are read-only
  status.value = "idle";
  return status.value;
}

// Angular: signals, the event typed from the socket's events.
export function injectChat(): InjectAuthedSocketStatus {
  const { socket, status } = injectAuthedSocket<ServerToClient>("https://api.example.com");
  injectSocketEvent(socket, "chat", (text) => text.toUpperCase());
  // @ts-expect-error the socket has no such event
  injectSocketEvent(socket, "nope", () => {});
  return status();
}

export const middleware = authenticateSockets({ jwksUri: "https://api.example.com/auth/jwt/jwks.json" });
// @ts-expect-error jwksUri or sessionRecipe is required
authenticateSockets({});
export const userId = (data: AuthenticatedSocketData): string => data.userId;
export const isSocketAuthError = (error: unknown): boolean => error instanceof SocketAuthError;

// The UMD entry: the core's exports, as require() and bundlers get them.
export const umdConnect: (url: string) => Promise<unknown> = Umd.createAuthedSocket;
// @ts-expect-error the UMD entry has the core's exports only
void Umd.useAuthedSocket;
