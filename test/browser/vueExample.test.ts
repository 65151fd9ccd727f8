import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { buildExample, type BuiltExample } from "./support/exampleBuild";
import { frameworkScenarios, panel, signIn } from "./support/frameworkScenarios";
import { socketFiles, withoutFlag } from "./support/socketFiles";

/*
 * The Vue example (examples/vue: Vue 3 single-file components with <script setup lang="ts">, useAuthedSocket on
 * #/chat with a :key Remount, provideAuthedSocket/injectAuthedSocket on #/shared, <KeepAlive> on #/kept), installed
 * from the package's own tarball in a scratch directory and built there by its own Vite with @vitejs/plugin-vue in
 * development mode (examples/vue/build.mjs), through the scenarios every UI binding passes
 * (test/browser/support/frameworkScenarios.ts), then Vue's own.
 */

let built: BuiltExample | undefined;

const frame = frameworkScenarios({
  name: "Vue",
  async build(outdir) {
    const result = await buildExample("vue", "buildVueExample", outdir, "vite build");
    built = result.built;
    return { info: result.info };
  },
});

const accepts = (user: string) => frame.log.of(user).filter((a) => a.kind === "accept");
const reauths = (user: string) => frame.log.of(user).filter((a) => a.kind === "reauth").length;
const connected = async (page: Page, index = 0) => {
  await expect.poll(() => panel(page, index).status(), { timeout: 10_000 }).toBe("connected");
  return panel(page, index);
};

describe("the Vue example, Vue's own parts", () => {
  it("was built from the tarball's dist/ (index.bundler.js and vue.js), by the app's own Vite and Vue plugin", () => {
    expect(withoutFlag(built?.socketModules)).toEqual(socketFiles("vue.js"));
    expect(Number(built?.versions.vue.split(".")[0])).toBe(3);
  });

  it("Vue: <KeepAlive> keeps a hidden panel's connection open (and listening), shows it again on the same Socket; toggles and remounts leave one connection, leaving none", async () => {
    const user = "Vue-kept";
    const { page, problems } = await frame.open("#/kept");
    await signIn(page, user);
    const chat = await connected(page);
    const [accepted] = accepts(user);
    const toggle = (name: "Hide" | "Show") => page.getByRole("button", { name, exact: true }).click();

    // Deactivated, not unmounted: the panel leaves the page, its connection stays, rotates, and hears events.
    await toggle("Hide");
    await page.getByTestId("placeholder").waitFor({ timeout: 5_000 });
    expect(await page.getByTestId("panel").count()).toBe(0);
    const rotations = reauths(user);
    await expect.poll(() => reauths(user), { timeout: 10_000 }).toBeGreaterThan(rotations);
    frame.stack.io.emit("chat", { from: "server", text: "while hidden" });
    expect(frame.log.connected(user)).toBe(1);
    await toggle("Show");
    await expect.poll(() => chat.messages(), { timeout: 5_000 }).toEqual(["server: while hidden"]);
    expect(await chat.status()).toBe("connected");
    expect(await chat.socketId()).toBe(accepted!.socketId);
    expect(await chat.sockets()).toBe(1);
    expect(accepts(user)).toHaveLength(1);
    expect(frame.log.peak(user)).toBe(1);

    // Many toggles and remounts (Remount keys the KeepAlive: the old one unmounts with its cache).
    const remount = page.getByRole("button", { name: "Remount" });
    for (let i = 0; i < 8; i++) {
      await toggle("Hide");
      await toggle("Show");
      await remount.click();
    }
    await connected(page);
    await expect.poll(() => frame.log.connected(user), { timeout: 10_000 }).toBe(1);
    const live = [...frame.stack.io.of("/").sockets.values()].find((s) => s.data.userId === user);
    await expect.poll(() => panel(page).socketId(), { timeout: 5_000 }).toBe(live?.id);
    expect(accepts(user).length).toBeGreaterThanOrEqual(2);
    // Hidden again, kept alive: still that one connection.
    await toggle("Hide");
    expect(frame.log.connected(user)).toBe(1);
    await page.evaluate(() => (window.location.hash = "#/lobby"));
    await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBe(0);
    expect(problems).toEqual([]);
  }, 40_000);

  it("Vue: on #/shared the two injecting panels follow the ONE provided connection through rotations, a sign-out and another user's sign-in, hearing each event once", async () => {
    const [alice, bob] = ["Vue-shared-alice", "Vue-shared-bob"];
    const { page, problems } = await frame.open("#/shared");
    await signIn(page, alice);
    for (const i of [0, 1]) await connected(page, i);
    const [first, second] = [panel(page, 0), panel(page, 1)];
    await expect.poll(() => reauths(alice), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    frame.stack.io.emit("chat", { from: "server", text: "after rotations" });
    for (const chat of [first, second]) await expect.poll(() => chat.messages(), { timeout: 5_000 }).toEqual(["server: after rotations"]);
    expect(accepts(alice)).toHaveLength(1);
    await page.getByRole("button", { name: "Sign out" }).click();
    for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 5_000 }).toBe("unauthenticated");
    await expect.poll(() => frame.log.connected(alice), { timeout: 5_000 }).toBe(0);

    await signIn(page, bob);
    for (const i of [0, 1]) await connected(page, i);
    expect(accepts(bob)).toHaveLength(1);
    expect(await second.socketId()).toBe(await first.socketId());
    expect([await first.sockets(), await second.sockets()]).toEqual([2, 2]);
    frame.stack.io.emit("chat", { from: "server", text: "for bob" });
    for (const chat of [first, second]) {
      await expect.poll(() => chat.messages(), { timeout: 5_000 }).toEqual(["server: after rotations", "server: for bob"]);
    }
    expect(frame.log.peak(bob)).toBe(1);
    await page.evaluate(() => (window.location.hash = "#/lobby"));
    await expect.poll(() => frame.log.connected(bob), { timeout: 5_000 }).toBe(0);
    expect(problems).toEqual([]);
  }, 40_000);
});
