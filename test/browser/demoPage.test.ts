import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { browserSuite } from "./support/suite";

/*
 * Scenario 9 of "End-to-end in a real browser": the demo page (demo/public, what `npm run demo` serves), served by the
 * stack itself (`servePage`: page, /auth API and socket.io on one origin), with 3 s access tokens so that rotations
 * show. Two users in two browser contexts (a context is a separate cookie jar: tabs of one context share a session).
 */

const suite = browserSuite({ servePage: true, accessTokenLifetimeMs: 3_000 });

async function openDemo(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(suite.stack.apiDomain);
  return page;
}

const status = (page: Page) => page.getByTestId("status").getAttribute("data-status");

async function signIn(page: Page, name: string): Promise<void> {
  await page.getByTestId("sign-in-input").fill(name);
  await page.getByTestId("sign-in-button").click();
  await expect.poll(() => status(page), { timeout: 10_000 }).toBe("connected");
  expect(await page.getByTestId("user").textContent()).toBe(name);
}

describe("the demo page in Chromium", () => {
  it("9. sign in, chat between two tabs, rotations visible, sign out", async () => {
    const second = await suite.browser.newContext();
    try {
      const alice = await openDemo(suite.context);
      const errors: string[] = [];
      alice.on("pageerror", (error) => errors.push(error.message));
      const bob = await openDemo(second);
      for (const page of [alice, bob]) await page.getByTestId("sign-in-form").waitFor({ timeout: 5_000 });

      await signIn(alice, "demo-alice");
      await signIn(bob, "demo-bob");
      expect(suite.log.connected("demo-alice")).toBe(1);
      expect(suite.log.connected("demo-bob")).toBe(1);

      // Chat, both ways.
      await alice.getByTestId("chat-input").fill("hi bob");
      await alice.getByTestId("chat-send").click();
      await bob.locator('[data-testid="chat-message"][data-from="demo-alice"]', { hasText: "hi bob" }).waitFor({ timeout: 5_000 });
      await bob.getByTestId("chat-input").fill("hi alice");
      await bob.getByTestId("chat-send").click();
      await alice.locator('[data-testid="chat-message"][data-from="demo-bob"]', { hasText: "hi alice" }).waitFor({ timeout: 5_000 });

      // Rotations show up in the page's log, handed over on the open connection; the countdown stays positive.
      await expect.poll(() => alice.getByTestId("rotation").count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      expect(await alice.locator('[data-testid="rotation"][data-in-place="true"]').count()).toBeGreaterThanOrEqual(2);
      expect(Number(await alice.getByTestId("ttl").getAttribute("data-ms"))).toBeGreaterThan(0);
      expect(await status(alice)).toMatch(/^(connected|refreshing)$/);
      // Still one socket each, and chat still flows after the rotations.
      expect(suite.log.peak("demo-alice")).toBe(1);
      await alice.getByTestId("chat-input").fill("still here");
      await alice.getByTestId("chat-send").click();
      await bob.locator('[data-testid="chat-message"]', { hasText: "still here" }).waitFor({ timeout: 5_000 });

      // Sign out: alice's socket closes and the form returns; bob stays connected.
      await alice.getByTestId("sign-out").click();
      await alice.getByTestId("sign-in-form").waitFor({ timeout: 5_000 });
      // The handle went unauthenticated for the reason "signed-out" (the page may then settle on "signed out").
      const badge = alice.getByTestId("status");
      expect(`${await badge.getAttribute("data-status")}/${await badge.getAttribute("data-reason")}`).toMatch(
        /^(unauthenticated\/signed-out|signed-out\/null)$/,
      );
      expect(await alice.getByTestId("notice").textContent()).toBe("Signed out.");
      await expect.poll(() => suite.log.connected("demo-alice"), { timeout: 5_000 }).toBe(0);
      expect(suite.log.connected("demo-bob")).toBe(1);
      expect(await status(bob)).toMatch(/^(connected|refreshing)$/);
      expect(errors).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
