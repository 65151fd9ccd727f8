import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./support/staticServer";
import { browserSuite } from "./support/suite";

/*
 * Scenario 3 of "End-to-end in a real browser": the React example (examples/react), built by its own build script from
 * the package's dist/ (one copy of the core) in React's development mode, where StrictMode mounts every effect twice,
 * and served from 127.0.0.1 (the stack's websiteDomain). The page is pointed at the stack with ?apiDomain&socketUrl.
 */

const outdir = mkdtempSync(join(tmpdir(), "supertokens-socket-react-"));
const suite = browserSuite(
  { accessTokenLifetimeMs: 20_000, tokenTransferMethod: "header", socketPort: 0 },
  { roots: [outdir] },
);

type BuildExample = (options: { from?: "dist" | "src"; outdir?: string; minify?: boolean }) => Promise<{ bytes: number }>;

beforeAll(async () => {
  const buildScript = pathToFileURL(resolve(ROOT, "examples/react/build.mjs")).href;
  const { buildExample } = (await import(buildScript)) as { buildExample: BuildExample };
  // minify: false also builds React in development mode: StrictMode double-mounts only there.
  await buildExample({ from: "dist", outdir, minify: false });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

async function openExample(): Promise<Page> {
  const page = await suite.context.newPage();
  const query = new URLSearchParams({ apiDomain: suite.stack.apiDomain, socketUrl: suite.stack.socketUrl });
  await page.goto(`${suite.server.origin}/?${query}`);
  return page;
}

const status = (page: Page) => page.getByTestId("status");

async function signIn(page: Page, name: string): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => status(page).getAttribute("data-status"), { timeout: 10_000 }).toBe("connected");
  await expect.poll(() => page.getByTestId("whoami").textContent(), { timeout: 5_000 }).toBe(`connected as ${name}`);
}

describe("the React example in Chromium", () => {
  it("3. StrictMode: one connection; navigating away closes it and back opens one; sign-out closes, sign-in reconnects", async () => {
    const page = await openExample();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // Development build (StrictMode's double mount is in play), rendered.
    expect(readFileSync(join(outdir, "main.js"), "utf8")).toContain("react-dom-client.development.js");
    await page.getByLabel("Name").waitFor({ timeout: 5_000 });

    await signIn(page, "react-alice");
    // StrictMode mounted the hook twice: still ONE socket on the server, at any moment.
    await expect.poll(() => suite.log.connected("react-alice"), { timeout: 2_000 }).toBe(1);
    expect(suite.log.peak("react-alice")).toBe(1);
    // Not even a handshake wasted on StrictMode's throw-away mount.
    expect(suite.log.of("react-alice").filter((a) => a.kind === "accept")).toHaveLength(1);

    // The chat works through that socket.
    await page.getByLabel("Message").fill("hello from react");
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByTestId("messages").textContent(), { timeout: 5_000 }).toContain("hello from react");

    // Away: the chat unmounts and its socket closes. Back: one socket again.
    await page.getByRole("link", { name: "Lobby" }).click();
    await page.getByTestId("lobby").waitFor({ timeout: 5_000 });
    await expect.poll(() => suite.log.connected("react-alice"), { timeout: 5_000 }).toBe(0);
    await page.getByRole("link", { name: "Chat" }).click();
    await expect.poll(() => status(page).getAttribute("data-status"), { timeout: 10_000 }).toBe("connected");
    await expect.poll(() => suite.log.connected("react-alice"), { timeout: 2_000 }).toBe(1);
    expect(suite.log.peak("react-alice")).toBe(1);

    // Sign-out closes the socket; the hook stays mounted and waits for a session.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => suite.log.connected("react-alice"), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => status(page).getAttribute("data-status"), { timeout: 5_000 }).not.toBe("connected");
    await page.getByLabel("Name").waitFor({ timeout: 5_000 });

    // Signing in again (another user) reconnects by itself, as the new user, with one socket.
    await signIn(page, "react-bob");
    await expect.poll(() => suite.log.connected("react-bob"), { timeout: 2_000 }).toBe(1);
    expect(suite.log.peak("react-bob")).toBe(1);
    expect(suite.log.connected("react-alice")).toBe(0);
    expect(errors).toEqual([]);
  });
});
