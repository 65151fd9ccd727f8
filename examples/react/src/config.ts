/**
 * Where the backend is. By default the page's own origin (the backend serves the page); browser tests point the
 * page anywhere with `?apiDomain=http://127.0.0.1:1234` (and `&socketUrl=` when the socket server has its own port).
 */
const params = new URLSearchParams(window.location.search);

export const apiDomain = params.get("apiDomain") ?? window.location.origin;
export const socketUrl = params.get("socketUrl") ?? apiDomain;

/** The demo socket server's events (demo/socketServer.ts), seen from the page. */
export interface ChatMessage {
  from: string;
  text: string;
}
export interface ServerToClient {
  chat: (message: ChatMessage) => void;
}
export interface ClientToServer {
  chat: (text: string) => void;
  whoami: (ack: (userId: string) => void) => void;
}
