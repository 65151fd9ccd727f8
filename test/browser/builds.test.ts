import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { bundleEsmApp } from "./support/bundle";
import { pageLog, pageProblems, untilStatus } from "./support/pages";
import { browserSuite } from "./support/suite";

/*
 * Scenarios 1 and 2 of "End-to-end in a real browser": the package as it is shipped (dist/), in Chromium, against the
 * real supertokens-node backend (emulated core) and the demo socket server on its own port.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 20_000, tokenTransferMethod: "header", socketPort: 0 });
let bundleInputs: string[];

/** The session recipe's functions from supertokens-web-js's script-tag global, as ESM, for the unbundled page. */
const WEB_JS_SESSION = ["getAccessToken", "attemptRefreshingSession", "doesSessionExist", "getAccessTokenPayloadSecurely"]
  .map((name) => `export const ${name} = (...args) => window.supertokensSession.${name}(...args);`)
  .join("\n");

beforeAll(async () => {
  suite.server.set("/web-js-session.js", WEB_JS_SESSION, "text/javascript; charset=utf-8");
  const app = await bundleEsmApp();
  suite.server.set("/app.js", app.code);
  bundleInputs = app.inputs;
});

/** Sign in, connect, and ask the server who this socket is. */
async function signInConnectWhoami(page: Page, name: string) {
  const { userId } = await page.evaluate((n) => window.harness.signIn(n), name);
  expect(userId).toBe(name);
  expect(await page.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl)).toEqual({ ok: true });
  await untilStatus(page, "connected");
  expect(await page.evaluate(() => window.harness.whoami())).toBe(name);
  expect(suite.log.connected(name)).toBe(1);
  expect(suite.log.of(name)).toMatchObject([{ kind: "accept" }]);
  const log = await pageLog(page);
  expect(log.filter((e) => e.kind === "connect_error")).toEqual([]);
  expect(pageProblems.get(page)).toEqual([]);
}

describe("the shipped builds in Chromium", () => {
  // The development build (umd.cjs) and the production build (umd.min.js): the same globals and the same behaviour.
  it.each([
    ["development", "/umd.html", "/dist/supertokens-socket.umd.cjs"],
    ["production", "/umd.min.html", "/dist/supertokens-socket.umd.min.js"],
  ])("1. UMD build (%s) in a <script> tag next to socket.io's and supertokens-web-js's bundles: signs in, connects, whoami", async (build, pagePath, file) => {
    const page = await suite.open(pagePath);
    // The globals the page works with: the peers' own script bundles and the package's UMD.
    expect(
      await page.evaluate(() => ({
        io: typeof (window as unknown as { io?: unknown }).io,
        session: typeof (window as unknown as { supertokensSession?: { getAccessToken?: unknown } }).supertokensSession?.getAccessToken,
        lib: Object.keys((window as unknown as { SupertokensSocket: object }).SupertokensSocket).sort(),
      })),
    ).toMatchObject({ io: "function", session: "function", lib: expect.arrayContaining(["createAuthedSocket", "handleSessionEvent"]) });
    expect(suite.server.hits.get(file)).toBeGreaterThan(0);

    await signInConnectWhoami(page, `umd-${build}`);
  });

  it("2. ESM build for bundlers (dist/index.bundler.js) bundled by esbuild with supertokens-web-js and socket.io-client: signs in, connects, whoami", async () => {
    // One copy of each in the bundle, the package from its ESM build.
    expect(bundleInputs.filter((i) => i.startsWith("dist/"))).toEqual(["dist/dev.bundler.js", "dist/index.bundler.js"]);
    expect(bundleInputs.filter((i) => /socket\.io-client\/build\/esm\/index\.js$/.test(i))).toHaveLength(1);
    expect(bundleInputs.filter((i) => /supertokens-web-js\/recipe\/session\/index\.js$/.test(i))).toHaveLength(1);
    expect(bundleInputs.some((i) => i.startsWith("src/"))).toBe(false);

    const page = await suite.open("/esm.html");
    expect(await page.evaluate(() => window.harness.flavour)).toBe("esm");
    // No script-tag globals: everything came from the bundle.
    expect(await page.evaluate(() => "SupertokensSocket" in window || "io" in window)).toBe(false);

    await signInConnectWhoami(page, "esm-user");
  });

  it("3. the ESM file (dist/index.js) imported unbundled through an import map, in a page with no process: signs in, connects, whoami", async () => {
    const page = await suite.open("/unbundled.html");
    expect(await page.evaluate(() => ({ flavour: window.harness.flavour, process: typeof (globalThis as { process?: unknown }).process }))).toEqual({
      flavour: "unbundled",
      process: "undefined",
    });
    expect(suite.server.hits.get("/dist/index.js")).toBeGreaterThan(0);
    await signInConnectWhoami(page, "unbundled-user");
  });
});
