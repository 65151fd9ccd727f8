import { io, type Socket } from "socket.io-client";
import type { FakeSession } from "../support/fakeSession";
import type { SeedServer } from "../support/seedServer";

/** The session functions of a fake session, as hook options (never the session object: its getters would be options). */
export const sessionOptions = (session: FakeSession) => ({
  getAccessToken: session.getAccessToken,
  attemptRefreshingSession: session.attemptRefreshingSession,
});

/** socket.io-client's `io`, counting the sockets created through it and whether the earlier ones were still active then. */
export function countingIo(): { io: typeof io; created: Socket[]; activeBefore: boolean[][] } {
  const created: Socket[] = [];
  const activeBefore: boolean[][] = [];
  const counting = ((...args: Parameters<typeof io>) => {
    activeBefore.push(created.map((socket) => socket.active));
    const socket = io(...args);
    created.push(socket);
    return socket;
  }) as typeof io;
  return { io: counting, created, activeBefore };
}

/** Connections the server holds on its main namespace now. */
export const serverSockets = (server: SeedServer) => server.io.of("/").sockets.size;

/** The `sub` of the last token the server accepted. */
export function lastAcceptedSub(server: SeedServer): string | undefined {
  const token = server.accepted.at(-1)?.token;
  if (!token) return undefined;
  return (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { sub: string }).sub;
}
