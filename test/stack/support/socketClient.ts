import { io, type Socket } from "socket.io-client";
import type { ChatClientEvents, ChatServerEvents } from "../../../demo/socketServer";

export type ChatSocket = Socket<ChatServerEvents, ChatClientEvents>;

/** Connects to the demo's chat with `token` in the handshake's auth; rejects with the `connect_error`. */
export function connectChat(url: string, token?: string, timeoutMs = 5000): Promise<ChatSocket> {
  const socket: ChatSocket = io(url, { auth: token === undefined ? {} : { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

/** The arguments of the socket's next `event`, within `timeoutMs`. */
export function nextSocketEvent<T extends unknown[]>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(event, listener);
  });
}

/** The user id the server authenticated the socket as. */
export function whoami(socket: ChatSocket, timeoutMs = 5000): Promise<string> {
  return socket.timeout(timeoutMs).emitWithAck("whoami");
}
