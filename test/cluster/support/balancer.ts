import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface Balancer {
  /** `http://127.0.0.1:<port>`: what the clients connect to, as they would to a load balancer. */
  url: string;
  /** The nodes' URLs new connections go to, in turn; a node that refuses is skipped. */
  targets: string[];
  close(): Promise<void>;
}

/**
 * A TCP load balancer on loopback: each new connection goes to the next node in turn, and to the one after if that
 * node refuses (it is down). No stickiness: the clients use WebSocket only.
 */
export async function startBalancer(targets: string[]): Promise<Balancer> {
  const open = new Set<Socket>();
  let turn = 0;
  const pipeTo = (client: Socket, tries: number) => {
    if (tries >= balancer.targets.length) return void client.destroy();
    const target = new URL(balancer.targets[turn++ % balancer.targets.length]!);
    const upstream = connect(Number(target.port), target.hostname);
    let up = false;
    upstream.once("connect", () => {
      up = true;
      open.add(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on("error", () => {
      if (!up) pipeTo(client, tries + 1);
    });
    upstream.on("close", () => {
      open.delete(upstream);
      if (up) client.destroy();
    });
    client.on("close", () => upstream.destroy());
  };
  const server = createServer((client) => {
    client.pause();
    open.add(client);
    client.on("error", () => client.destroy());
    client.on("close", () => open.delete(client));
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    targets: [...targets],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return balancer;
}
