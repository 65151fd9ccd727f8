// A server-only install stays server-only: `npm install supertokens-socket jose socket.io` (the packed package) in an
// empty directory must bring no browser SDK (the client peers are optional, so npm 7+ does not install them), the
// server entry must work there, and the client entry must fail at once, naming the peer it lacks.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installedPackages, npmInstall, pack } from "./packed.mjs";

const CLIENT_ONLY = ["socket.io-client", "supertokens-web-js", "supertokens-website", "supertokens-auth-react", "react", "react-dom"];

const dir = mkdtempSync(join(tmpdir(), "supertokens-socket-server-install-"));
try {
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "a-socket-server", private: true, type: "module" }));
  const tarball = pack(dir);
  const ms = npmInstall(dir, [tarball, "jose", "socket.io"]);
  const names = installedPackages(dir).map((p) => p.name);
  console.log(`npm install <tarball> jose socket.io: ${names.length} packages in ${(ms / 1000).toFixed(1)} s`);
  console.log(`  ${names.sort().join(" ")}`);
  const browserSdks = names.filter((name) => CLIENT_ONLY.includes(name));
  if (browserSdks.length > 0) throw new Error(`a server-only install pulled browser packages: ${browserSdks.join(", ")}`);

  // The server entry loads and builds its middleware, by import and by require.
  const node = (code, type = "module") =>
    execFileSync(process.execPath, [`--input-type=${type}`, "-e", code], { cwd: dir, encoding: "utf8" }).trim();
  const works = `typeof authenticateSockets({ jwksUri: "http://127.0.0.1:1/jwks.json" })`;
  const esm = node(`import { authenticateSockets } from "supertokens-socket/server"; console.log(${works});`);
  const cjs = node(`const { authenticateSockets } = require("supertokens-socket/server"); console.log(${works});`, "commonjs");
  if (esm !== "function" || cjs !== "function") throw new Error(`the server entry did not work: import ${esm}, require ${cjs}`);
  console.log("  supertokens-socket/server works by import and by require");

  // The client entry, where its peers are missing, fails at import and names the missing peer.
  const client = node(
    `try { await import("supertokens-socket"); console.log("loaded"); } catch (e) { console.log(e.code + ": " + e.message); }`,
  );
  if (!/^ERR_MODULE_NOT_FOUND: Cannot find package '(socket\.io-client|supertokens-web-js)'/.test(client)) {
    throw new Error(`the client entry without its peers should fail naming one, got: ${client}`);
  }
  console.log(`  supertokens-socket (client) without its peers: ${client.split(" imported from")[0]}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
