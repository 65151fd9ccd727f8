/**
 * Where the backend is: the page's own origin, or `?apiDomain=http://127.0.0.1:1234` (and `&socketUrl=` when the
 * socket server has its own port), as the browser test points it.
 */
const params = new URLSearchParams(window.location.search);

export const apiDomain = params.get("apiDomain") ?? window.location.origin;
export const socketUrl = params.get("socketUrl") ?? apiDomain;

/** The demo socket server's events (demo/socketServer.ts), seen from the page. */
export interface ServerToClient {
  chat: (message: { from: string; text: string }) => void;
}
export interface ClientToServer {
  chat: (text: string) => void;
  whoami: (ack: (userId: string) => void) => void;
}
