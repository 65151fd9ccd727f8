import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface TcpProxy {
  /** `http://127.0.0.1:<proxy port>` */
  url: string;
  /** Drops every open connection and refuses new ones (resets them at once), like a network that went away. */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  /** Delays the first bytes from the client on each new connection by this many ms (a slow handshake). */
  delayMs: number;
  /** Connections open now. */
  readonly connections: number;
  /** Connections made since the proxy started, open or not. */
  readonly made: number;
  close(): Promise<void>;
}

/** A TCP proxy on loopback in front of `targetUrl`, to cut and restore the network between client and server. */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let down = false;
  let made = 0;
  const server: Server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    made++;
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    upstream.pipe(client);
    if (proxy.delayMs > 0) {
      client.pause();
      setTimeout(() => {
        client.resume();
        client.pipe(upstream);
      }, proxy.delayMs);
    } else {
      client.pipe(upstream);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: TcpProxy = {
    url: `http://127.0.0.1:${port}`,
    delayMs: 0,
    get connections() {
      return open.size / 2;
    },
    get made() {
      return made;
    },
    cut() {
      down = true;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    close() {
      proxy.cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
