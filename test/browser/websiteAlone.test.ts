import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { bundleEsmApp } from "./support/bundle";
import { pageLog, pageProblems, untilLogged, untilStatus } from "./support/pages";
import { browserSuite } from "./support/suite";

/*
 * An app on supertokens-website alone (fixtures/website-entry.js: supertokens-website 20 initialised, supertokens-web-js
 * never), bundled with the package's ESM build, passing the README's four options. Header mode (the token read with
 * getAccessToken) and cookie mode without token exposure (tokenIn "cookie": doesSessionExist and
 * getAccessTokenPayload), against the real backend; access tokens live 3 s.
 */

const suite = browserSuite({ accessTokenLifetimeMs: 3_000, tokenTransferMethod: "any", exposeAccessToken: false, socketPort: 0 });

beforeAll(async () => {
  suite.server.set("/website-app.js", (await bundleEsmApp("website-entry.js")).code);
});

type Calls = Record<"getAccessToken" | "attemptRefreshingSession" | "doesSessionExist" | "getAccessTokenPayload", number>;
const calls = (page: Page) => page.evaluate(() => (window as unknown as { websiteCalls: Calls }).websiteCalls);

async function signedIn(user: string, tokenTransferMethod: "header" | "cookie"): Promise<Page> {
  const page = await suite.open("/website.html", { tokenTransferMethod });
  expect(await page.evaluate(() => window.harness.flavour)).toBe("website");
  await page.evaluate((n) => window.harness.signIn(n), user);
  return page;
}

async function signOutCloses(page: Page, user: string): Promise<void> {
  await page.evaluate(() => window.harness.signOut());
  await untilStatus(page, "unauthenticated", 5_000);
  await expect.poll(() => suite.log.connected(user), { timeout: 5_000 }).toBe(0);
  expect((await pageLog(page)).filter((e) => e.kind === "unauthenticated").map((e) => e.reason)).toEqual(["signed-out"]);
  expect(pageProblems.get(page)).toEqual([]);
}

describe("supertokens-website alone, its functions as options, in Chromium", () => {
  it("header mode: getAccessToken and attemptRefreshingSession keep one connection through in-place rotations; signOut() closes it", async () => {
    const user = "website-header";
    const page = await signedIn(user, "header");
    expect(await page.evaluate((url) => window.harness.connect(url), suite.stack.socketUrl)).toEqual({ ok: true });
    await untilStatus(page, "connected");
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);

    const tokens = await untilLogged(page, "token", { count: 3, timeoutMs: 15_000 }); // the first + two rotations
    expect(tokens.slice(1).every((t) => t.inPlace === true)).toBe(true);
    const taken = suite.log.of(user);
    expect(taken.filter((a) => a.kind === "accept")).toHaveLength(1);
    expect(taken.filter((a) => a.kind === "reauth").length).toBeGreaterThanOrEqual(2);
    expect(suite.log.peak(user)).toBe(1);
    const used = await calls(page);
    expect(used.getAccessToken).toBeGreaterThan(0);
    expect(used.attemptRefreshingSession).toBeGreaterThanOrEqual(2);

    await signOutCloses(page, user);
  });

  it("cookie mode, token not exposed: tokenIn 'cookie' with doesSessionExist and getAccessTokenPayload connects and rotates; signOut() closes it", async () => {
    const user = "website-cookie";
    const page = await signedIn(user, "cookie");
    expect(await page.evaluate((url) => window.harness.connect(url, { tokenIn: "cookie" }), suite.stack.socketUrl)).toEqual({ ok: true });
    await untilStatus(page, "connected");
    expect(await page.evaluate(() => window.harness.whoami())).toBe(user);
    const [socket] = [...suite.stack.io.of("/").sockets.values()].filter((s) => s.data.userId === user);
    expect(socket!.handshake.headers.cookie).toContain("sAccessToken=");
    expect(socket!.handshake.query.token).toBeUndefined();

    // No page-readable token: each rotation reconnects with the new cookie, one connection at a time.
    await untilLogged(page, "token", { count: 3, timeoutMs: 15_000 });
    expect(suite.log.of(user).filter((a) => a.kind === "accept").length).toBeGreaterThanOrEqual(3);
    for (const a of suite.log.of(user)) expect(a.expiresAt, `${a.kind} at ${a.at}`).toBeGreaterThan(a.at);
    expect(suite.log.peak(user)).toBe(1);
    const used = await calls(page);
    expect(used.doesSessionExist).toBeGreaterThan(0);
    expect(used.getAccessTokenPayload).toBeGreaterThan(0);
    expect(used.attemptRefreshingSession).toBeGreaterThanOrEqual(2);

    await signOutCloses(page, user);
  });
});
