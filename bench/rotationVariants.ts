// The rotation bench's variants: which server, which client, and where each is reported.
import type { ServerKind } from "./support";
import type { ClientKind } from "./rotationRigs";

export interface Variant {
  key: string;
  label: string;
  server: ServerKind;
  recovery: boolean;
  client: ClientKind;
  /** Reported under rotationGapMs (the recovery twins appear only under messagesLost). */
  gap: boolean;
  /** socket.io-client transports; socket.io's default (long-polling, then upgrade to WebSocket) when absent. */
  transports?: string[];
}

export const VARIANTS: Variant[] = [
  { key: "inPlace", label: "(a) package, in-place re-auth (authenticateSockets)", server: "auth", recovery: false, client: "package", gap: true },
  { key: "reconnect", label: "(b) package, reconnect (seed-style server)", server: "seed", recovery: false, client: "package", gap: true },
  { key: "reconnectRecovery", label: "(b) package, reconnect + state recovery", server: "seed", recovery: true, client: "package", gap: false },
  { key: "coldConnect", label: "(c) cold connect: close, refresh, new handle", server: "auth", recovery: false, client: "cold", gap: true },
  { key: "ioAuthCallback", label: "(d) socket.io auth callback, kicked at exp", server: "authKick", recovery: false, client: "ioAuth", gap: true },
  {
    key: "ioAuthCallbackWebsocket",
    label: "(d) socket.io auth callback, WebSocket only",
    server: "authKick",
    recovery: false,
    client: "ioAuth",
    gap: true,
    transports: ["websocket"],
  },
  { key: "ioAuthCallbackRecovery", label: "(d) socket.io auth callback + state recovery", server: "authKick", recovery: true, client: "ioAuth", gap: false },
  { key: "seedRecipe", label: "(e) seed recipe (token in query once)", server: "seed", recovery: false, client: "seedRecipe", gap: true },
];
