import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./support/staticServer";
import { browserSuite } from "./support/suite";
import { socketFiles, withoutFlag } from "./support/socketFiles";

/*
 * The supertokens-auth-react example (examples/auth-react): SuperTokens.init from supertokens-auth-react with
 * Session.init({ onHandleEvent: handleSessionEvent }), <SuperTokensWrapper>, StrictMode, useAuthedSocket and
 * useSocketEvent. Its build script installs it as a user would (this package from its own `npm pack`, the rest
 * as npm resolves it, in a scratch directory) and bundles it in React's development mode (StrictMode double-mounts).
 * Token transfer is auth-react's default (the stack lets the frontend choose); access tokens live 3 s.
 */

const outdir = mkdtempSync(join(tmpdir(), "supertokens-socket-auth-react-out-"));
const suite = browserSuite({ accessTokenLifetimeMs: 3_000, socketPort: 0 }, { roots: [outdir] });

interface Built {
  bytes: number;
  packMs: number;
  installMs: number;
  bundleMs: number;
  packages: number;
  webJs: { installed: string[]; bundled: string[] };
  socketInputs: string[];
}
let built: Built;
/** Engine.io handshakes that reached the socket server (admitted or not). */
let handshakes = 0;

beforeAll(async () => {
  const buildScript = pathToFileURL(resolve(ROOT, "examples/auth-react/build.mjs")).href;
  const { buildAuthReactExample } = (await import(buildScript)) as {
    buildAuthReactExample: (options: { outdir: string; minify: boolean }) => Promise<Built>;
  };
  built = await buildAuthReactExample({ outdir, minify: false });
  console.log(
    `auth-react example: npm pack ${Math.round(built.packMs)} ms, npm install ${Math.round(built.installMs)} ms ` +
      `(${built.packages} packages), esbuild ${Math.round(built.bundleMs)} ms, main.js ${(built.bytes / 1024).toFixed(0)} kB`,
  );
  suite.stack.io.engine.on("connection", () => handshakes++);
  suite.stack.io.engine.on("connection_error", () => handshakes++);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

async function openExample(): Promise<{ page: Page; problems: string[] }> {
  const page = await suite.context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
  });
  const query = new URLSearchParams({ apiDomain: suite.stack.apiDomain, socketUrl: suite.stack.socketUrl });
  await page.goto(`${suite.server.origin}/?${query}`);
  return { page, problems };
}

const status = (page: Page) => page.getByTestId("status").getAttribute("data-status");

describe("the supertokens-auth-react example, installed from the package's tarball, in Chromium", () => {
  it("npm installed ONE supertokens-web-js (auth-react's peer and this package's), the bundle holds that one, and the package's dist/", () => {
    expect(built.webJs.installed).toEqual(["node_modules/supertokens-web-js"]);
    expect(built.webJs.bundled).toEqual(built.webJs.installed);
    expect(withoutFlag(built.socketInputs)).toEqual(socketFiles("react.js"));
    // React's development build: StrictMode's double mount is in play.
    expect(readFileSync(join(outdir, "main.js"), "utf8")).toContain("react-dom-client.development.js");
  });

  it("logged out: no handshake; sign-in connects without a reload; 3 s tokens rotate on one connection with events flowing; auth-react's Session.signOut() closes it", async () => {
    const user = "auth-react-alice";
    const { page, problems } = await openExample();

    // Logged out: the hook settles on "unauthenticated" and no handshake ever reached the server.
    await page.getByLabel("Name").waitFor({ timeout: 10_000 });
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe("unauthenticated");
    expect(handshakes).toBe(0);

    // Sign in: the mounted hook connects by itself, on the same document (no reload).
    await page.evaluate(() => ((window as unknown as { beforeSignIn: boolean }).beforeSignIn = true));
    await page.getByLabel("Name").fill(user);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => status(page), { timeout: 10_000 }).toBe("connected");
    await expect.poll(() => page.getByTestId("whoami").textContent(), { timeout: 5_000 }).toBe(`connected as ${user}`);
    expect(await page.evaluate(() => (window as unknown as { beforeSignIn?: boolean }).beforeSignIn)).toBe(true);
    await expect.poll(() => page.getByTestId("user").textContent(), { timeout: 5_000 }).toBe(user);
    // StrictMode mounted the hook twice: one handshake, one socket.
    expect(suite.log.of(user).filter((a) => a.kind === "accept")).toHaveLength(1);
    expect(handshakes).toBe(1);

    // Three rotations: each handed over in place on the same socket; a server event after each reaches the page.
    const [accepted] = suite.log.of(user);
    for (let i = 1; i <= 3; i++) {
      await expect
        .poll(() => suite.log.of(user).filter((a) => a.kind === "reauth").length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(i);
      suite.stack.io.emit("chat", { from: "server", text: `tick ${i}` });
      await expect.poll(() => page.getByTestId("messages").textContent(), { timeout: 5_000 }).toContain(`tick ${i}`);
    }
    const taken = suite.log.of(user);
    expect(taken.filter((a) => a.kind === "accept")).toHaveLength(1);
    expect(new Set(taken.map((a) => a.socketId))).toEqual(new Set([accepted!.socketId]));
    for (const a of taken) expect(a.expiresAt, `${a.kind} at ${a.at}`).toBeGreaterThan(a.at);
    expect(suite.log.peak(user)).toBe(1);
    expect(suite.log.connected(user)).toBe(1);
    expect(handshakes).toBe(1);
    expect(await status(page)).toBe("connected");

    // auth-react's Session.signOut() (the button): the socket closes, the hook waits for a session again.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => suite.log.connected(user), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => status(page), { timeout: 5_000 }).toBe("unauthenticated");
    await page.getByLabel("Name").waitFor({ timeout: 5_000 });
    expect(handshakes).toBe(1);
    expect(problems).toEqual([]);
  }, 60_000);
});
