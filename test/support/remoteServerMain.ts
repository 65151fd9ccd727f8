// A socket server with its own process, and so its own clock: the test process may move its clock freely.
// Prints one JSON line {url, jwksUri, signUrl} when ready; exits when stdin closes.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startIssuer } from "./jwks";
import { startAuthServer } from "./authServer";

const issuer = await startIssuer();
const server = await startAuthServer({ jwksUri: issuer.jwksUri, expiryGraceMs: 0 });
const accepted: { at: number; exp: number }[] = [];
server.io.on("connection", (socket) => accepted.push({ at: Date.now(), exp: socket.data.expiresAt }));

const control = createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/sign") {
    const token = await issuer.sign({ sub: url.searchParams.get("sub") ?? "u", lifetimeMs: Number(url.searchParams.get("lifetimeMs")) });
    res.end(token);
  } else if (url.pathname === "/state") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ accepted, connected: server.io.of("/").sockets.size, now: Date.now() }));
  } else res.writeHead(404).end();
});
await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
const { port } = control.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ url: server.url, jwksUri: issuer.jwksUri, signUrl: `http://127.0.0.1:${port}/sign`, stateUrl: `http://127.0.0.1:${port}/state` })}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  control.close();
  await server.close();
  await issuer.close();
  process.exit(0);
});
