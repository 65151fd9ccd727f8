import { afterAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./support/staticServer";
import { frameworkFrame, frameworkScenarios, panel, signIn, type FrameworkFrame } from "./support/frameworkScenarios";
import { socketFiles, withoutFlag } from "./support/socketFiles";

/*
 * The Next.js App Router example (examples/nextjs: a server layout and page around 'use client' components that use
 * supertokens-socket/react; supertokens-auth-react initialised in a client SuperTokensProvider), installed from the
 * package's own tarball in a scratch directory and built there by its own `next build` (examples/nextjs/build.mjs).
 * `next start` serves it through the scenarios every UI binding passes, plus Next's own: the server's HTML, and,
 * under `next dev`, React's StrictMode (Next's default) double-mounting the panels.
 */

interface Built {
  dir: string;
  project: string;
  next: string;
  packMs: number;
  installMs: number;
  buildMs: number;
  packages: number;
  bytes: number;
  versions: Record<string, string>;
  socketModules: string[];
  serverSocketModules: string[];
  output: string;
}
interface Started {
  pid: number;
  output(): string;
  close(): Promise<void>;
}
type Script = {
  buildNextExample(o: { dir: string }): Promise<Built>;
  startNext(built: Built, port: number, o?: { dev?: boolean }): Promise<Started>;
};
const script = () => import(pathToFileURL(resolve(ROOT, "examples/nextjs/build.mjs")).href) as Promise<Script>;

const scratch = mkdtempSync(join(tmpdir(), "supertokens-socket-nextjs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let built: Built | undefined;
const servers: Started[] = [];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const query = (frame: FrameworkFrame) =>
  new URLSearchParams({ apiDomain: frame.stack.apiDomain, socketUrl: frame.stack.socketUrl }).toString();
const accepts = (frame: FrameworkFrame, user: string) => frame.log.of(user).filter((a) => a.kind === "accept").length;

describe("next start (the production build)", () => {
  let server: Started | undefined;
  const frame = frameworkScenarios({
    name: "Next.js",
    setupTimeoutMs: 400_000,
    async start(port) {
      const { buildNextExample, startNext } = await script();
      built = await buildNextExample({ dir: scratch });
      const started = performance.now();
      server = await startNext(built, port);
      servers.push(server);
      return {
        info:
          `npm pack ${s(built.packMs)}, npm install ${s(built.installMs)} (${built.packages} packages), ` +
          `next build ${s(built.buildMs)} (${(built.bytes / 1024).toFixed(0)} kB browser JS; next ${built.versions.next}, ` +
          `react ${built.versions.react}, supertokens-auth-react ${built.versions["supertokens-auth-react"]}), ` +
          `next start ${s(performance.now() - started)}`,
        close: () => server!.close(),
      };
    },
  });

  describe("Next's own parts", () => {
    it("was built by the app's own next from the tarball's dist/ (index.bundler.js and react.js), in the browser's bundles and the server's", () => {
      const expected = socketFiles("react.js");
      expect(withoutFlag(built?.socketModules)).toEqual(expected);
      expect(withoutFlag(built?.serverSocketModules)).toEqual(expected);
      expect(Number(built?.versions.next.split(".")[0])).toBeGreaterThanOrEqual(16);
      // The installed react entry is a client module: server components may render its AuthedSocketProvider.
      const entry = readFileSync(join(built!.dir, "node_modules/supertokens-socket/dist/react.js"), "utf8");
      expect(entry.startsWith("'use client';")).toBe(true);
      // Next's default bundler, and its type check of the app passed.
      expect(built?.output).toContain(`Next.js ${built?.versions.next} (Turbopack)`);
      expect(built?.output).toMatch(/Finished TypeScript/);
      // The page is rendered per request (ƒ, dynamic), so its server render sees the query.
      expect(built?.output).toMatch(/ƒ \/\s/);
    });

    it("the server's HTML (plain HTTP, no browser) holds the page shell and the panel in its first status, and no handshake reaches the socket server", async () => {
      const before = frame.handshakes();
      const response = await fetch(`${frame.origin}/?${query(frame)}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      // The server components' shell, and their Node-only line (page.tsx never ships to the browser).
      expect(html).toContain("<h1>supertokens-socket · Next.js</h1>");
      expect(html).toMatch(/Server component, rendered by Node (<!-- -->)?v\d+/);
      // The client components rendered too: one panel, "connecting" (the hook's first value), no socket, no message.
      expect(html.match(/data-testid="panel"/g)).toHaveLength(1);
      expect(html).toContain('data-testid="status" data-status="connecting"');
      expect(html).toContain('<span data-testid="socket-id"></span>');
      expect(html).toContain('<span data-testid="sockets">0</span>');
      expect(html).toContain('<ul data-testid="messages"></ul>');
      expect(html).toContain(">Remount</button>");
      // Server rendering read no browser global: a `window` or `document` read would have thrown (a 500, logged).
      expect(server?.output()).not.toMatch(/Error|is not defined/);
      expect(frame.handshakes()).toBe(before);
    });

    it("Next.js: the page's first render in the browser is the server's HTML (hydration), then it settles on unauthenticated", async () => {
      const page = await frame.context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(error.message));
      page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
      // No JavaScript: what the browser gets before hydration is the server's page.
      await page.route("**/_next/static/**", (route) => route.abort());
      await page.goto(`${frame.origin}/?${query(frame)}`);
      expect(await panel(page).status()).toBe("connecting");
      await page.unroute("**/_next/static/**");
      await page.goto(`${frame.origin}/?${query(frame)}`);
      await expect.poll(() => panel(page).status(), { timeout: 10_000 }).toBe("unauthenticated");
      expect(problems.filter((p) => !p.startsWith("Failed to load resource"))).toEqual([]);
    });

    it("Next.js: a reload on #/shared, signed in, opens ONE connection (the server rendered #/chat's panel; hydrated and replaced, it opens nothing)", async () => {
      const user = "Next.js-reload-shared";
      const { page, problems } = await frame.open("#/shared");
      await expect.poll(() => page.getByTestId("panel").count(), { timeout: 10_000 }).toBe(2);
      await signIn(page, user);
      for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 10_000 }).toBe("connected");
      expect(accepts(frame, user)).toBe(1);
      await page.reload();
      await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBeLessThanOrEqual(1);
      for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 10_000 }).toBe("connected");
      expect(await page.getByTestId("panel").count()).toBe(2);
      expect(accepts(frame, user)).toBe(2);
      expect(frame.log.connected(user)).toBe(1);
      expect(await panel(page, 1).socketId()).toBe(await panel(page, 0).socketId());
      await page.evaluate(() => (window.location.hash = "#/lobby"));
      await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBe(0);
      expect(problems).toEqual([]);
    }, 30_000);
  });
});

/** Records the mode bits of the panel's fiber at each commit, through a stand-in for React DevTools' hook. */
async function recordPanelModes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Fiber = { mode: number; type: unknown; memoizedProps?: Record<string, unknown>; child?: Fiber; sibling?: Fiber };
    const modes: number[] = ((window as unknown as { panelModes: number[] }).panelModes = []);
    const visit = (fiber: Fiber | undefined): void => {
      for (let f = fiber; f; f = f.sibling) {
        if (f.type === "section" && f.memoizedProps?.["data-testid"] === "panel") modes.push(f.mode);
        visit(f.child);
      }
    };
    (window as unknown as Record<string, unknown>).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      checkDCE() {},
      onScheduleFiberRoot() {},
      onCommitFiberUnmount() {},
      onPostCommitFiberRoot() {},
      onCommitFiberRoot: (_id: number, root: { current: Fiber }) => visit(root.current),
    };
  });
}

describe("next dev (React's development build, StrictMode double mounts)", () => {
  const frame = frameworkFrame({
    name: "Next.js dev",
    setupTimeoutMs: 180_000,
    async start(port) {
      if (!built) throw new Error("the production build did not happen");
      const { startNext } = await script();
      const started = performance.now();
      const server = await startNext(built, port, { dev: true });
      servers.push(server);
      return { info: `next dev, first page compiled in ${s(performance.now() - started)}`, close: () => server.close() };
    },
  });

  it("Next.js dev: the panels render under StrictMode (next.config's reactStrictMode); a signed-in load, many Remounts and a route change each leave at most one connection, then none", async () => {
    const user = "Next.js-dev-strict";
    const page = await frame.context.newPage();
    await recordPanelModes(page);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${frame.origin}/?${query(frame)}#/chat`);
    await signIn(page, user);
    await expect.poll(() => panel(page).status(), { timeout: 15_000 }).toBe("connected");
    // StrictLegacyMode (8) and StrictEffectsMode (16): React double-renders and double-runs the panel's effects.
    const modes = await page.evaluate(() => (window as unknown as { panelModes: number[] }).panelModes);
    expect(modes.length).toBeGreaterThan(0);
    for (const mode of modes) expect(mode & 24).toBe(24);
    // The double mount opened ONE connection.
    expect(accepts(frame, user)).toBe(1);
    expect(frame.log.peak(user)).toBe(1);

    const remount = page.getByRole("button", { name: "Remount" });
    for (let i = 0; i < 10; i++) await remount.click();
    await expect.poll(() => panel(page).status(), { timeout: 10_000 }).toBe("connected");
    await expect.poll(() => frame.log.connected(user), { timeout: 10_000 }).toBe(1);
    const live = [...frame.stack.io.of("/").sockets.values()].find((socket) => socket.data.userId === user);
    await expect.poll(() => panel(page).socketId(), { timeout: 5_000 }).toBe(live?.id);

    await page.evaluate(() => (window.location.hash = "#/shared"));
    for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 10_000 }).toBe("connected");
    await expect.poll(() => frame.log.connected(user), { timeout: 10_000 }).toBe(1);
    await page.evaluate(() => (window.location.hash = "#/lobby"));
    await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);
});

describe("after the servers closed", () => {
  it("no next process is left: each server's whole process group is gone", () => {
    expect(servers.length).toBe(2);
    for (const server of servers) {
      expect(() => process.kill(-server.pid, 0)).toThrow(/ESRCH/);
    }
    expect(readFileSync(resolve(ROOT, "examples/nextjs/next.config.mjs"), "utf8")).toContain("reactStrictMode: true");
  });
});
