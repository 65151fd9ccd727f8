import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { Issuer, TokenClaims } from "./jwks";

export interface RemoteServer {
  url: string;
  /** An issuer whose tokens carry the server process's clock. */
  issuer: Pick<Issuer, "sign">;
  state(): Promise<{ accepted: { at: number; exp: number }[]; connected: number; now: number }>;
  close(): Promise<void>;
}

/** `authenticateSockets` and a token issuer in a child process, whose clock the test cannot move. */
export async function startRemoteServer(): Promise<RemoteServer> {
  const main = fileURLToPath(new URL("./remoteServerMain.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", main], { stdio: ["pipe", "pipe", "inherit"] });
  let buffer = "";
  child.stdout.setEncoding("utf8");
  const ready = new Promise<{ url: string; signUrl: string; stateUrl: string }>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      const line = buffer.split("\n")[0];
      if (buffer.includes("\n") && line) resolve(JSON.parse(line));
    });
    child.once("exit", (code) => reject(new Error(`remote server exited with ${code}`)));
  });
  const { url, signUrl, stateUrl } = await ready;
  return {
    url,
    issuer: {
      async sign({ sub, lifetimeMs = 60_000 }: TokenClaims) {
        return (await fetch(`${signUrl}?sub=${encodeURIComponent(sub)}&lifetimeMs=${lifetimeMs}`)).text();
      },
    },
    state: async () => (await fetch(stateUrl)).json(),
    async close() {
      child.stdin.end();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}
