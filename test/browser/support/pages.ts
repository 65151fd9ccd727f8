import type { BrowserContext, Page } from "playwright-core";

/** What fixtures/harness.js records: `t` is the page's Date.now(). */
export interface LogEntry {
  t: number;
  kind: string;
  [key: string]: unknown;
}

export interface ErrorInfo {
  name?: string;
  code?: string;
  serverCode?: string;
  message?: string;
  status?: number;
  isAuthedSocketError?: boolean;
}

export interface HarnessState {
  created: boolean;
  status: string | undefined;
  connected: boolean;
  transport: string | undefined;
  expiresAt: number | undefined;
  error: ErrorInfo | undefined;
  snapshotHasSocket: boolean;
}

/** The page side, see fixtures/harness.js. */
export interface Harness {
  flavour: string;
  log: LogEntry[];
  chat: { t: number; from: string; text: string }[];
  init(config: { apiDomain: string; tokenTransferMethod?: "header" | "cookie" }): void;
  signIn(name: string): Promise<{ userId: string; sessionHandle: string }>;
  me(): Promise<{ status: number; body: unknown }>;
  signOut(): Promise<void>;
  refresh(): Promise<boolean>;
  doesSessionExist(): Promise<boolean>;
  connect(url: string, options?: Record<string, unknown>): Promise<{ ok: boolean; error?: ErrorInfo }>;
  state(): HarnessState;
  whoami(timeoutMs?: number): Promise<string>;
  say(text: string): void;
  rotate(): void;
  close(): void;
  rawConnect(url: string, options?: Record<string, unknown>): Promise<{ connected: boolean; userId?: string; message?: string; code?: string }>;
  reachableText(): { strings: string; json: string; documentCookie: string; localStorage: string; sessionStorage: string };
}

declare global {
  interface Window {
    harness: Harness;
  }
}

/** Page errors and console errors, kept for the failure message. */
export const pageProblems = new WeakMap<Page, string[]>();

/** Opens a fixture page, waits for its harness and initialises the SDK against `apiDomain`. */
export async function openHarness(
  context: BrowserContext,
  url: string,
  config: { apiDomain: string; tokenTransferMethod?: "header" | "cookie" },
): Promise<Page> {
  const page = await context.newPage();
  const problems: string[] = [];
  pageProblems.set(page, problems);
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // HTTP errors the page expects (the SDK's first refresh probe answers 401, no favicon) are not problems.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console: ${message.text()}`);
    }
  });
  await page.goto(url);
  await page.waitForFunction(() => window.harness !== undefined, null, { timeout: 10_000 });
  await page.evaluate((c) => window.harness.init(c), config);
  return page;
}

export const state = (page: Page): Promise<HarnessState> => page.evaluate(() => window.harness.state());
export const pageLog = (page: Page): Promise<LogEntry[]> => page.evaluate(() => window.harness.log);

/** Waits until the page's handle is in `status`. */
export async function untilStatus(page: Page, status: string, timeoutMs = 10_000): Promise<void> {
  try {
    await page.waitForFunction((s) => window.harness.state().status === s, status, { timeout: timeoutMs, polling: 20 });
  } catch (error) {
    const now = await state(page).catch(() => undefined);
    const log = await pageLog(page).catch(() => []);
    throw new Error(
      `status never became ${status} within ${timeoutMs} ms; now ${JSON.stringify(now)}\n` +
        `log: ${JSON.stringify(log.slice(-15))}\nproblems: ${(pageProblems.get(page) ?? []).join("\n")}`,
      { cause: error },
    );
  }
}

/** Waits until `count` log entries of `kind` exist (optionally matching `match`'s fields) and answers them. */
export async function untilLogged(
  page: Page,
  kind: string,
  { count = 1, match = {}, timeoutMs = 10_000 }: { count?: number; match?: Record<string, unknown>; timeoutMs?: number } = {},
): Promise<LogEntry[]> {
  const handle = await page.waitForFunction(
    ({ kind, count, match }) => {
      const found = window.harness.log.filter(
        (e) => e.kind === kind && Object.entries(match).every(([k, v]) => e[k] === v),
      );
      return found.length >= count ? found : undefined;
    },
    { kind, count, match },
    { timeout: timeoutMs, polling: 20 },
  );
  return (await handle.jsonValue()) as LogEntry[];
}

/** Log entries of `kind` logged after page time `since`. */
export async function loggedSince(page: Page, kind: string, since = 0): Promise<LogEntry[]> {
  return (await pageLog(page)).filter((e) => e.kind === kind && e.t >= since);
}
