// The socket server of the scale benchmark, in its own process so that its CPU time is its own: authenticateSockets
// (the test suite's startAuthServer) trusting the parent's JWKS. Talks over IPC: sends {ready, url}, answers "sample".
import { startAuthServer } from "../test/support/authServer";

const jwksUri = process.argv[2]!;
const server = await startAuthServer({ jwksUri });
let handshakes = 0;
let reauths = 0;
let disconnects = 0;
server.io.on("connection", (socket) => {
  handshakes++;
  socket.on("supertokens-socket:reauth", () => reauths++);
  socket.on("disconnect", () => disconnects++);
});

process.on("message", async (message) => {
  if (message === "sample") {
    const { user, system } = process.cpuUsage();
    process.send!({
      cpuMs: (user + system) / 1000,
      handshakes,
      reauths,
      disconnects,
      sockets: server.io.of("/").sockets.size,
      connections: server.io.engine.clientsCount,
    });
  } else if (message === "close") {
    await server.close();
    process.exit(0);
  }
});
process.send!({ ready: true, url: server.url });
