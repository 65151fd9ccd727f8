import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Namespace } from "socket.io";
import supertokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import { startCore, type Core } from "../../../demo/core/startCore";
import { initSuperTokens } from "../../../demo/initSuperTokens";
import { startTcpProxy, type TcpProxy } from "../../support/tcpProxy";

type SessionConfig = NonNullable<Parameters<typeof Session.init>[0]>;

/** A socket.io server in the process of a real supertokens-node, over the emulated core behind a cuttable proxy. */
export interface SdkServer {
  /** `http://127.0.0.1:<port>`; namespaces at `${url}/name`. */
  url: string;
  io: Server;
  core: Core;
  /** Between supertokens-node and the core: `cut()` makes the core unreachable. */
  coreLink: TcpProxy;
  /** A namespace whose sockets answer `whoami` with their `socket.data`. */
  namespace(name: string): Namespace;
  /** A new session of `userId`, made by the SDK as a sign-in would (the app's createNewSession override included). */
  signIn(userId: string): Promise<{ sessionHandle: string; accessToken: string; refreshToken: string }>;
  /** The SDK's refresh, as `/auth/session/refresh` does it: the new access token names its parent refresh token. */
  refresh(refreshToken: string): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

/**
 * Starts the core, then `supertokens.init` (process-wide: once per test file) with the Session recipe `session(io)`
 * configures, header-based, its override seeing the socket.io server it may end sockets on.
 */
export async function startSdkServer(session: (io: Server) => SessionConfig): Promise<SdkServer> {
  const core = await startCore({ accessTokenLifetimeMs: 60_000 });
  const coreLink = await startTcpProxy(core.url);
  const http = createServer();
  const io = new Server(http, { transports: ["websocket"] });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  initSuperTokens({
    supertokens: { connectionURI: coreLink.url },
    appInfo: { appName: "sdk socket test", apiDomain: url, websiteDomain: "http://localhost:3000", apiBasePath: "/auth" },
    recipeList: [Session.init({ getTokenTransferMethod: () => "header", ...session(io) })],
    telemetry: false,
  });
  const tokens = (container: Awaited<ReturnType<typeof Session.createNewSessionWithoutRequestResponse>>) => {
    const { accessToken, refreshToken } = container.getAllSessionTokensDangerously();
    return { sessionHandle: container.getHandle(), accessToken, refreshToken: refreshToken! };
  };
  return {
    url,
    io,
    core,
    coreLink,
    namespace(name) {
      const nsp = io.of(name);
      nsp.on("connection", (socket) => {
        socket.on("whoami", (ack: unknown) => typeof ack === "function" && ack(socket.data));
      });
      return nsp;
    },
    async signIn(userId) {
      return tokens(await Session.createNewSessionWithoutRequestResponse("public", supertokens.convertToRecipeUserId(userId)));
    },
    async refresh(refreshToken) {
      const { accessToken, refreshToken: next } = tokens(await Session.refreshSessionWithoutRequestResponse(refreshToken, true));
      return { accessToken, refreshToken: next };
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await coreLink.close();
      await core.close();
    },
  };
}
