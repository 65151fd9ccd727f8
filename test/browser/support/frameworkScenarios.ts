import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack, type Stack } from "../../../demo/stack";
import { launchChromium } from "./chromium";
import { recordServer, type ServerLog } from "./serverLog";
import { startStaticServer } from "./staticServer";
import { expectServerClean } from "./suite";

/*
 * The scenarios every UI binding's example app must pass in Chromium (issue 21), against the real stack with 3 s
 * access tokens. The app keeps one page contract:
 * - it reads ?apiDomain= and ?socketUrl=; signed out it shows a form (input "Name", button "Sign in"), signed in
 *   [data-testid=user] and a button "Sign out" (supertokens-web-js's or auth-react's Session.signOut());
 * - #/chat (the default) shows ONE panel on its own connection, #/lobby none, #/shared TWO panels on ONE connection;
 *   the panels are shown signed in or not (a panel follows the session by itself: signed out its status is
 *   "unauthenticated"), and a sign-in or sign-out never remounts them;
 * - a panel is [data-testid=panel] with [data-testid=status] (data-status), [data-testid=socket-id] (socket.id or
 *   empty), [data-testid=sockets] (how many distinct Socket objects it has held) and [data-testid=messages] (one li
 *   per `chat` event, "from: text", received through the binding's event helper);
 * - a button "Remount" on #/chat remounts the panel through the framework's own construct.
 */

export interface FrameworkApp {
  /** The framework's name, for the test titles. */
  name: string;
  /**
   * Builds the app into `outdir` as static files (index.html + assets); the driver serves them, unknown paths falling
   * back to index.html. Answers a line of build figures for the log.
   */
  build?: (outdir: string) => Promise<{ info?: string }>;
  /** Or: starts the app's own server on 127.0.0.1:`port` (Next.js), answering once it serves. */
  start?: (port: number) => Promise<{ info?: string; close(): Promise<void> }>;
  /** Time for `build` or `start`. @default 240_000 */
  setupTimeoutMs?: number;
}

export interface FrameworkFrame {
  browser: Browser;
  stack: Stack;
  log: ServerLog;
  /** Where the app is served: `http://127.0.0.1:<port>`. */
  origin: string;
  /** A fresh browser context per test. */
  context: BrowserContext;
  /** Engine.io handshakes that reached the socket server so far (admitted or refused). */
  handshakes(): number;
  /** Opens the app at `hash` in {@link context}, pointed at the stack; `problems` collects page and console errors. */
  open(hash?: string): Promise<{ page: Page; problems: string[] }>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** The frame alone (browser, stack, the app served), for a file's own tests beside {@link frameworkScenarios}. */
export function frameworkFrame(app: FrameworkApp): FrameworkFrame {
  if (!app.build === !app.start) throw new Error(`${app.name}: give exactly one of build and start`);
  const frame = {} as FrameworkFrame;
  let count = 0;
  let close: () => Promise<void> = async () => {};
  const outdir = mkdtempSync(join(tmpdir(), `supertokens-socket-${app.name.replace(/\W/g, "").toLowerCase()}-out-`));

  beforeAll(async () => {
    const [browser, port] = await Promise.all([launchChromium(), freePort()]);
    frame.browser = browser;
    let info: string | undefined;
    if (app.build) {
      ({ info } = await app.build(outdir));
      const server = await startStaticServer({ roots: [outdir], spaFallback: join(outdir, "index.html") });
      frame.origin = server.origin;
      close = () => server.close();
    } else {
      frame.origin = `http://127.0.0.1:${port}`;
    }
    frame.stack = await startStack({ accessTokenLifetimeMs: 3_000, socketPort: 0, websiteDomain: frame.origin });
    if (app.start) {
      const started = await app.start(port);
      info = started.info;
      close = () => started.close();
    }
    if (info) console.log(`${app.name} example: ${info}`);
    frame.log = recordServer(frame.stack.io);
    frame.stack.io.engine.on("connection", () => count++);
    frame.stack.io.engine.on("connection_error", () => count++);
  }, app.setupTimeoutMs ?? 240_000);

  afterAll(async () => {
    frame.log?.stop();
    await Promise.all([frame.browser?.close(), frame.stack?.close(), close()]);
    rmSync(outdir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    frame.context = await frame.browser.newContext();
  });
  afterEach(async () => {
    await frame.context?.close();
    await expectServerClean(frame.stack);
  });

  frame.handshakes = () => count;
  frame.open = async (hash = "") => {
    const page = await frame.context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
    });
    const query = new URLSearchParams({ apiDomain: frame.stack.apiDomain, socketUrl: frame.stack.socketUrl });
    await page.goto(`${frame.origin}/?${query}${hash}`);
    return { page, problems };
  };
  return frame;
}

/** The panel `index` (0-based) of the page, read through the page contract. */
export function panel(page: Page, index = 0) {
  const root = page.getByTestId("panel").nth(index);
  return {
    status: () => root.getByTestId("status").getAttribute("data-status"),
    socketId: async () => (await root.getByTestId("socket-id").textContent())?.trim() ?? "",
    sockets: async () => Number((await root.getByTestId("sockets").textContent())?.trim()),
    messages: () => root.getByTestId("messages").locator("li").allTextContents(),
  };
}

/** Signs `user` in through the page's form and waits for the page to show them (no reload). */
export async function signIn(page: Page, user: string): Promise<void> {
  await page.getByLabel("Name").fill(user);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.getByTestId("user").textContent(), { timeout: 10_000 }).toBe(user);
}

const connectedPanel = async (page: Page, index = 0) => {
  await expect.poll(() => panel(page, index).status(), { timeout: 10_000 }).toBe("connected");
  return panel(page, index);
};

/** The shared scenarios (see the top of this file), in Chromium, for one framework's example app. */
export function frameworkScenarios(app: FrameworkApp): FrameworkFrame {
  const frame = frameworkFrame(app);
  const { name } = app;
  const reauths = (user: string) => frame.log.of(user).filter((a) => a.kind === "reauth").length;
  const accepts = (user: string) => frame.log.of(user).filter((a) => a.kind === "accept");

  describe(`the ${name} example, installed from the package's tarball, in Chromium`, () => {
    it(`${name}: logged out, the panel settles on unauthenticated and no handshake reaches the server`, async () => {
      const before = frame.handshakes();
      const { page, problems } = await frame.open();
      await page.getByLabel("Name").waitFor({ timeout: 10_000 });
      await expect.poll(() => panel(page).status(), { timeout: 10_000 }).toBe("unauthenticated");
      expect(await panel(page).sockets()).toBe(0);
      expect(frame.handshakes()).toBe(before);
      expect(problems).toEqual([]);
    });

    it(`${name}: signing in connects without a reload, on one connection`, async () => {
      const user = `${name}-sign-in`;
      const { page, problems } = await frame.open();
      await page.getByLabel("Name").waitFor({ timeout: 10_000 });
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      await signIn(page, user);
      const chat = await connectedPanel(page);
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      const [accepted] = accepts(user);
      expect(accepts(user)).toHaveLength(1);
      await expect.poll(() => chat.socketId(), { timeout: 5_000 }).toBe(accepted!.socketId);
      expect(await chat.sockets()).toBe(1);
      expect(frame.log.connected(user)).toBe(1);
      expect(problems).toEqual([]);
    });

    it(`${name}: rotations on 3 s tokens keep the same Socket, and the event helper receives across them once each`, async () => {
      const user = `${name}-rotations`;
      const { page, problems } = await frame.open();
      await signIn(page, user);
      const chat = await connectedPanel(page);
      const [accepted] = accepts(user);
      for (let i = 1; i <= 3; i++) {
        await expect.poll(() => reauths(user), { timeout: 10_000 }).toBeGreaterThanOrEqual(i);
        frame.stack.io.emit("chat", { from: "server", text: `tick ${i}` });
        await expect.poll(() => chat.messages(), { timeout: 5_000 }).toContain(`server: tick ${i}`);
      }
      expect(await chat.messages()).toEqual(["server: tick 1", "server: tick 2", "server: tick 3"]);
      expect(accepts(user)).toHaveLength(1);
      expect(new Set(frame.log.of(user).map((a) => a.socketId))).toEqual(new Set([accepted!.socketId]));
      for (const a of frame.log.of(user)) expect(a.expiresAt, `${a.kind} at ${a.at}`).toBeGreaterThan(a.at);
      expect(await chat.sockets()).toBe(1);
      expect(await chat.socketId()).toBe(accepted!.socketId);
      expect(frame.log.peak(user)).toBe(1);
      expect(problems).toEqual([]);
    }, 40_000);

    it(`${name}: sign-out closes the connection, and another user's sign-in gets a NEW Socket`, async () => {
      const [alice, bob] = [`${name}-alice`, `${name}-bob`];
      const { page, problems } = await frame.open();
      await signIn(page, alice);
      const chat = await connectedPanel(page);
      const aliceSocket = await chat.socketId();
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect.poll(() => frame.log.connected(alice), { timeout: 5_000 }).toBe(0);
      await expect.poll(() => chat.status(), { timeout: 5_000 }).toBe("unauthenticated");
      expect(await chat.socketId()).toBe("");

      await signIn(page, bob);
      await connectedPanel(page);
      await expect.poll(() => chat.socketId(), { timeout: 5_000 }).toBe(accepts(bob)[0]?.socketId);
      expect(await chat.socketId()).not.toBe(aliceSocket);
      expect(await chat.sockets()).toBe(2);
      expect(accepts(bob)).toHaveLength(1);
      expect(frame.log.connected(bob)).toBe(1);
      expect(frame.log.connected(alice)).toBe(0);
      frame.stack.io.emit("chat", { from: "server", text: "for bob" });
      await expect.poll(() => chat.messages(), { timeout: 5_000 }).toContain("server: for bob");
      expect((await chat.messages()).filter((m) => m === "server: for bob")).toHaveLength(1);
      expect(problems).toEqual([]);
    }, 30_000);

    it(`${name}: unmounting the panel closes its connection; mounting it again opens one`, async () => {
      const user = `${name}-unmount`;
      const { page, problems } = await frame.open("#/chat");
      await signIn(page, user);
      await connectedPanel(page);
      await page.evaluate(() => (window.location.hash = "#/lobby"));
      await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBe(0);
      expect(await page.getByTestId("panel").count()).toBe(0);
      await page.evaluate(() => (window.location.hash = "#/chat"));
      await connectedPanel(page);
      expect(frame.log.connected(user)).toBe(1);
      expect(accepts(user)).toHaveLength(2);
      expect(problems).toEqual([]);
    }, 30_000);

    it(`${name}: two components on the shared connection: ONE connection on the server, both receive once`, async () => {
      const user = `${name}-shared`;
      const before = frame.handshakes();
      const { page, problems } = await frame.open("#/shared");
      await signIn(page, user);
      const [first, second] = [await connectedPanel(page, 0), await connectedPanel(page, 1)];
      expect(await page.getByTestId("panel").count()).toBe(2);
      expect(accepts(user)).toHaveLength(1);
      expect(frame.handshakes() - before).toBe(1);
      expect(await first.socketId()).toBe(accepts(user)[0]!.socketId);
      expect(await second.socketId()).toBe(await first.socketId());
      await expect.poll(() => reauths(user), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      frame.stack.io.emit("chat", { from: "server", text: "to both" });
      for (const chat of [first, second]) {
        await expect.poll(() => chat.messages(), { timeout: 5_000 }).toEqual(["server: to both"]);
      }
      expect(frame.log.peak(user)).toBe(1);
      expect(frame.log.connected(user)).toBe(1);
      await page.evaluate(() => (window.location.hash = "#/lobby"));
      await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBe(0);
      expect(problems).toEqual([]);
    }, 30_000);

    it(`${name}: many remounts leave exactly one connection, and leaving leaves none`, async () => {
      const user = `${name}-remounts`;
      const { page, problems } = await frame.open("#/chat");
      await signIn(page, user);
      await connectedPanel(page);
      const remount = page.getByRole("button", { name: "Remount" });
      for (let i = 0; i < 10; i++) await remount.click();
      await connectedPanel(page);
      await expect.poll(() => frame.log.connected(user), { timeout: 10_000 }).toBe(1);
      // The live panel shows the one socket the server still holds.
      const live = [...frame.stack.io.of("/").sockets.values()].find((s) => s.data.userId === user);
      await expect.poll(() => panel(page).socketId(), { timeout: 5_000 }).toBe(live?.id);
      // At most one handshake per mount, plus one per rotation that fell back to a reconnect (a token due before the
      // server's hello answer reconnects the same Socket: a new server socket id). Such an old server socket ends with
      // its transport ("transport close", or "transport error" when the engine is closed with a poll in flight: seen
      // under load), never with "client namespace disconnect", which is how an unmount's close, or an extra
      // connection closed by the app, ends.
      const reconnects = frame.log.disconnects.filter((d) => d.userId === user && d.reason !== "client namespace disconnect").length;
      expect(accepts(user).length).toBeLessThanOrEqual(11 + reconnects);
      // And the clicks did remount: the first connection was closed, the last mount opened its own.
      expect(accepts(user).length).toBeGreaterThanOrEqual(2);
      await page.evaluate(() => (window.location.hash = "#/lobby"));
      await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBe(0);
      expect(problems).toEqual([]);
    }, 30_000);
  });
  return frame;
}
