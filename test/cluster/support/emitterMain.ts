// The API backend's side of a test cluster: a process with no socket.io server, that ends sessions on the cluster
// through @socket.io/redis-emitter, and (with "api") a real supertokens-node over the emulated core whose every
// revocation ends sockets through endSocketsOnRevoke. Driven by the parent over IPC (see emitterProcess.ts).
import { Emitter } from "@socket.io/redis-emitter";
import Session from "supertokens-node/recipe/session";
import supertokens from "supertokens-node";
import { endSession, endSocketsOnRevoke, endUserSessions } from "supertokens-socket/server";
import { startCore } from "../../../demo/core/startCore";
import { initSuperTokens } from "../../../demo/initSuperTokens";
import type { EmitterCommand } from "./emitterProcess";
import { connectRedis } from "./redisClient";

const [redisUrl, mode] = process.argv.slice(2) as [string, string | undefined];
const redis = await connectRedis(redisUrl, { fastReconnect: true });
const emitter = new Emitter(redis);
const warnings: string[] = [];

const core = mode === "api" ? await startCore({ accessTokenLifetimeMs: 60_000 }) : undefined;
if (core) {
  initSuperTokens({
    supertokens: { connectionURI: core.url },
    appInfo: { appName: "cluster api", apiDomain: "http://127.0.0.1:1", websiteDomain: "http://localhost:3000", apiBasePath: "/auth" },
    recipeList: [
      Session.init({
        getTokenTransferMethod: () => "header",
        override: { functions: (original) => endSocketsOnRevoke(emitter, { logger: { warn: (line) => void warnings.push(line) } })(original) },
      }),
    ],
    telemetry: false,
  });
}

async function run(command: EmitterCommand): Promise<unknown> {
  switch (command.type) {
    case "endSession":
    case "endUserSessions": {
      const end = command.type === "endSession" ? endSession : endUserSessions;
      return end(emitter, command.key, command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs });
    }
    case "signIn": {
      const session = await Session.createNewSessionWithoutRequestResponse("public", supertokens.convertToRecipeUserId(command.key));
      return { sessionHandle: session.getHandle(), accessToken: session.getAllSessionTokensDangerously().accessToken };
    }
    case "revokeSession":
      return Session.revokeSession(command.key);
    case "state":
      return { redisReady: redis.isReady, warnings, jwksUri: core && `${core.url}/.well-known/jwks.json` };
  }
}

process.on("message", ({ id, command }: { id: number; command: EmitterCommand | { type: "close" } }) => {
  if (command.type === "close") {
    Promise.allSettled([redis.disconnect(), core?.close()]).finally(() => process.exit(0));
    return;
  }
  // Wall-clock time with sub-millisecond precision, comparable with the parent's (the same machine's clock).
  const at = performance.timeOrigin + performance.now();
  run(command).then(
    (result) => process.send!({ id, at, result: result ?? null }),
    (error: Error & { code?: string }) => process.send!({ id, at, error: { name: error.name, code: error.code, message: error.message } }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: true });
