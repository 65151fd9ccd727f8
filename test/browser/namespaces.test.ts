import { beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { authenticateSockets } from "supertokens-socket/server";
import { FIXTURES, ROOT } from "./support/staticServer";
import { browserSuite } from "./support/suite";

/*
 * Requirement 8 of "several namespaces on one connection", in Chromium: a React page (StrictMode, development build)
 * with two components on /chat and /news of the stack's socket server, each behind authenticateSockets, opens ONE
 * WebSocket, and both namespaces answer on it as the signed-in user.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 20_000, tokenTransferMethod: "header", socketPort: 0 });
const NAMESPACES = ["/chat", "/news"];
let enginesMade = 0;

beforeAll(async () => {
  const io = suite.stack.io;
  for (const nsp of NAMESPACES) {
    io.of(nsp).use(authenticateSockets({ jwksUri: suite.stack.jwksUri, logger: null }));
    io.of(nsp).on("connection", (socket) => {
      socket.on("whoami" as never, ((ack: (a: unknown) => void) => ack({ nsp, userId: socket.data.userId })) as never);
    });
  }
  io.engine.on("connection", () => enginesMade++);
  const result = await build({
    entryPoints: [resolve(FIXTURES, "namespaces-app.tsx")],
    absWorkingDir: ROOT,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    write: false,
    logLevel: "silent",
    // Development React: StrictMode mounts every effect twice.
    define: { "process.env.NODE_ENV": JSON.stringify("development") },
    plugins: [
      {
        // The package as an app installs it: its ESM build, one copy of the core for the app and the React binding.
        name: "installed-package",
        setup(builder) {
          builder.onResolve({ filter: /^supertokens-socket(\/react)?$/ }, (args) => ({
            path: resolve(ROOT, args.path.endsWith("/react") ? "dist/react.js" : "dist/index.js"),
          }));
        },
      },
    ],
  });
  suite.server.set("/namespaces/main.js", result.outputFiles[0]!.text);
  suite.server.set(
    "/namespaces/index.html",
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
});

const room = (page: Page, nsp: string) => page.getByTestId(nsp);
const sockets = (nsp: string) => suite.stack.io.of(nsp).sockets.size;

describe("two components on two namespaces in Chromium", () => {
  it("one WebSocket for /chat and /news, both answering as the user; sign-out closes it, sign-in opens ONE again", async () => {
    const page = await suite.context.newPage();
    const webSockets: string[] = [];
    page.on("websocket", (ws) => webSockets.push(ws.url()));
    const query = new URLSearchParams({ apiDomain: suite.stack.apiDomain, socketUrl: suite.stack.socketUrl });
    await page.goto(`${suite.server.origin}/namespaces/index.html?${query}`);
    const engines = enginesMade;

    await page.evaluate(() => (window as unknown as { signIn(n: string): Promise<void> }).signIn("ns-alice"));
    for (const nsp of NAMESPACES) {
      await expect.poll(() => room(page, nsp).textContent(), { timeout: 10_000 }).toBe(`${nsp} ns-alice`);
    }
    expect(webSockets).toHaveLength(1);
    expect(enginesMade - engines).toBe(1);
    expect(NAMESPACES.map(sockets)).toEqual([1, 1]);

    await page.evaluate(() => (window as unknown as { signOut(): Promise<void> }).signOut());
    await expect.poll(() => NAMESPACES.map(sockets), { timeout: 5_000 }).toEqual([0, 0]);
    await expect.poll(() => suite.stack.io.engine.clientsCount, { timeout: 5_000 }).toBe(0);

    await page.evaluate(() => (window as unknown as { signIn(n: string): Promise<void> }).signIn("ns-bob"));
    for (const nsp of NAMESPACES) {
      await expect.poll(() => room(page, nsp).textContent(), { timeout: 10_000 }).toBe(`${nsp} ns-bob`);
    }
    expect(webSockets).toHaveLength(2);
    expect(enginesMade - engines).toBe(2);
    await page.close();
    await expect.poll(() => NAMESPACES.map(sockets), { timeout: 5_000 }).toEqual([0, 0]);
  });
});
