import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const FIXTURES = resolve(ROOT, "test/browser/fixtures");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  // The development UMD build (dist/supertokens-socket.umd.cjs), loaded by a script tag.
  ".cjs": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/** supertokens-web-js's script bundles carry a content hash: `/vendor/supertokens-web-js/bundle/session.js` finds it. */
export function webJsBundle(name: string): string | undefined {
  const dir = resolve(ROOT, "node_modules/supertokens-web-js/bundle");
  const base = name.replace(/\.js$/, "");
  const file = readdirSync(dir).find((f) => f.startsWith(`${base}.`) && f.endsWith(".js") && f.split(".").length === 3);
  return file && resolve(dir, file);
}

/** URL prefix → directory. Longest prefix first. */
const MOUNTS: [string, string][] = [
  ["/vendor/socket.io/", resolve(ROOT, "node_modules/socket.io-client/dist")],
  ["/vendor/mitt/", resolve(ROOT, "node_modules/mitt/dist")],
  ["/dist/", resolve(ROOT, "dist")],
];

export interface StaticServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  /** Serves `body` at `path` (generated pages, bundles built in memory). */
  set(path: string, body: string | Buffer, type?: string): void;
  /** Requests answered, by path: what a page actually loaded. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Directories served at `/`, after the generated files and the mounts. @default [FIXTURES] */
  roots?: string[];
  /** Extra URL prefix → directory mounts (e.g. the demo's or the React example's build). */
  mounts?: [string, string][];
  /** A fallback for unknown paths without an extension (single-page apps): serve this file. */
  spaFallback?: string;
  host?: string;
}

/**
 * A tiny static file server on loopback for the browser fixtures: `/vendor/socket.io/*` (socket.io-client/dist),
 * `/vendor/supertokens-web-js/bundle/<name>.js` (the SDK's script bundles, hash-less names), `/dist/*` (the package
 * build), the fixture pages, and anything {@link StaticServer.set} put there.
 */
export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const generated = new Map<string, { body: string | Buffer; type: string }>();
  const hits = new Map<string, number>();
  const roots = options.roots ?? [FIXTURES];
  const mounts = [...(options.mounts ?? []), ...MOUNTS].sort((a, b) => b[0].length - a[0].length);

  const locate = (path: string): string | undefined => {
    if (path.startsWith("/vendor/supertokens-web-js/bundle/")) return webJsBundle(path.slice(path.lastIndexOf("/") + 1));
    for (const [prefix, dir] of mounts) {
      if (path.startsWith(prefix)) return inside(dir, path.slice(prefix.length));
    }
    return undefined;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const made = generated.get(path);
    if (made) return send(res, 200, made.body, made.type);
    const candidates = [locate(path), ...roots.map((root) => inside(root, path === "/" ? "index.html" : path.slice(1)))];
    if (options.spaFallback && extname(path) === "") candidates.push(options.spaFallback);
    for (const file of candidates) {
      if (!file) continue;
      try {
        return send(res, 200, await readFile(file), TYPES[extname(file)] ?? "application/octet-stream");
      } catch {
        // next candidate
      }
    }
    send(res, 404, "not found", "text/plain");
  };

  const server = createServer((req, res) => void serve(req, res));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((done) => server.listen(0, host, done));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host}:${port}`,
    port,
    hits,
    set(path, body, type = TYPES[extname(path)] ?? "text/html; charset=utf-8") {
      generated.set(path, { body, type });
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** `dir/rel`, or undefined when `rel` climbs out of `dir`. */
function inside(dir: string, rel: string): string | undefined {
  const file = resolve(dir, rel);
  return file === dir || file.startsWith(dir + sep) ? file : undefined;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}
