import { describe, expect, it } from "vitest";
import { buildExample, type BuiltExample } from "./support/exampleBuild";
import { frameworkScenarios, panel, signIn } from "./support/frameworkScenarios";
import { socketFiles, withoutFlag } from "./support/socketFiles";

/*
 * The Svelte example (examples/svelte: Svelte 5 components, one panel on `$chat`, one on `fromStore` + `$effect`,
 * `{#key}` for Remount), installed from the package's own tarball in a scratch directory and built there by its own
 * Vite with @sveltejs/vite-plugin-svelte in development mode (examples/svelte/build.mjs), through the scenarios every
 * UI binding passes (test/browser/support/frameworkScenarios.ts).
 */

let built: BuiltExample | undefined;

const frame = frameworkScenarios({
  name: "Svelte",
  async build(outdir) {
    const result = await buildExample("svelte", "buildSvelteExample", outdir, "vite build");
    built = result.built;
    return { info: result.info };
  },
});

describe("the Svelte example, Svelte's own parts", () => {
  it("was built from the tarball's dist/ (index.bundler.js and svelte.js), by the app's own Vite and Svelte plugin", () => {
    expect(withoutFlag(built?.socketModules)).toEqual(socketFiles("svelte.js"));
    expect(Number(built?.versions.svelte.split(".")[0])).toBe(5);
  });

  it("Svelte: on #/shared the runes panel (fromStore + $effect) and the $chat panel follow one store through a sign-out and another user's sign-in, once each", async () => {
    const [alice, bob] = ["Svelte-shared-alice", "Svelte-shared-bob"];
    const { page, problems } = await frame.open("#/shared");
    await signIn(page, alice);
    for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 10_000 }).toBe("connected");
    await page.getByRole("button", { name: "Sign out" }).click();
    for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 5_000 }).toBe("unauthenticated");
    await expect.poll(() => frame.log.connected(alice), { timeout: 5_000 }).toBe(0);

    await signIn(page, bob);
    for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 10_000 }).toBe("connected");
    expect(frame.log.of(bob).filter((a) => a.kind === "accept")).toHaveLength(1);
    const [first, second] = [panel(page, 0), panel(page, 1)];
    expect(await second.socketId()).toBe(await first.socketId());
    expect([await first.sockets(), await second.sockets()]).toEqual([2, 2]);
    frame.stack.io.emit("chat", { from: "server", text: "for bob" });
    for (const chat of [first, second]) await expect.poll(() => chat.messages(), { timeout: 5_000 }).toEqual(["server: for bob"]);
    await page.evaluate(() => (window.location.hash = "#/lobby"));
    await expect.poll(() => frame.log.connected(bob), { timeout: 5_000 }).toBe(0);
    expect(problems).toEqual([]);
  }, 30_000);
});
