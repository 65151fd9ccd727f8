import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startStack, type Stack, type StackOptions } from "../../../demo/stack";
import { launchChromium } from "./chromium";
import { openHarness } from "./pages";
import { recordServer, type ServerLog } from "./serverLog";
import { startStaticServer, type StaticServer, type StaticServerOptions } from "./staticServer";

export interface BrowserSuite {
  browser: Browser;
  /**
   * Serves the fixture pages on 127.0.0.1: the stack's `websiteDomain` (same site as the API, another port), unless
   * the stack serves its own page (`servePage`).
   */
  server: StaticServer;
  stack: Stack;
  /** What the socket server admitted, for the whole file (filter by user: each test signs in its own user). */
  log: ServerLog;
  /** A fresh browser context per test (own cookies, storage, BroadcastChannel scope). */
  context: BrowserContext;
  /** Opens `path` of {@link server} in {@link context}, its harness initialised against the stack's API. */
  open(path: string, config?: { tokenTransferMethod?: "header" | "cookie" }): Promise<Page>;
}

/**
 * The common frame of a browser test file: one Chromium, one static server and one stack for the file (the static
 * server starts first: its origin is the stack's websiteDomain), a new context per test. After each test: the
 * context is closed, the socket server must be left with no socket, and the emulated core asked nothing unknown.
 */
export function browserSuite(stackOptions: StackOptions, serverOptions: StaticServerOptions = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  suite.open = (path, config = {}) =>
    openHarness(suite.context, `${suite.server.origin}${path}`, { apiDomain: suite.stack.apiDomain, ...config });

  beforeAll(async () => {
    const [browser, server] = await Promise.all([launchChromium(), startStaticServer(serverOptions)]);
    suite.browser = browser;
    suite.server = server;
    // With servePage the stack serves its own page (the demo), which is then the website.
    suite.stack = await startStack(stackOptions.servePage ? stackOptions : { websiteDomain: server.origin, ...stackOptions });
    suite.log = recordServer(suite.stack.io);
  });

  afterAll(async () => {
    suite.log?.stop();
    await Promise.all([suite.browser?.close(), suite.stack?.close(), suite.server?.close()]);
  });

  beforeEach(async () => {
    suite.context = await suite.browser.newContext();
  });

  afterEach(async () => {
    await suite.context?.close();
    await expectServerClean(suite.stack);
  });

  return suite;
}

/**
 * After a test's pages are closed: the socket server must be left with no socket (closing the pages closed their
 * sockets too), and the emulated core asked nothing unknown.
 */
export async function expectServerClean(stack: Stack): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (stack.io.of("/").sockets.size > 0) {
    if (Date.now() > deadline) throw new Error(`${stack.io.of("/").sockets.size} socket(s) left open after the test`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const unhandled = stack.core.unhandled;
  if (unhandled.length > 0) throw new Error(`the emulated core was asked for unknown calls: ${unhandled.join(", ")}`);
}
