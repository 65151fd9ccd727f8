/**
 * The examples' backend (the demo's: demo/backend.ts and demo/socketServer.ts). By default the page's own origin (the
 * backend serves the page); browser tests point the page anywhere with `?apiDomain=http://127.0.0.1:1234` (and
 * `&socketUrl=` when the socket server has its own port).
 */
const params = new URLSearchParams(window.location.search);

export const apiDomain = params.get("apiDomain") ?? window.location.origin;
export const socketUrl = params.get("socketUrl") ?? apiDomain;

/**
 * The demo backend's sign-in (no passwords: a demo), answering `{ userId }`. The SuperTokens SDK intercepts this
 * fetch (same hostname as apiDomain) and keeps the session the backend starts.
 */
export function signIn(name: FormDataEntryValue | null): Promise<Response> {
  return fetch(`${apiDomain}/signin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
}

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
