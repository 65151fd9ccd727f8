import { describe, expect, it } from "vitest";
import { buildExample, type BuiltExample } from "./support/exampleBuild";
import { frameworkScenarios, panel, signIn } from "./support/frameworkScenarios";
import { socketFiles, withoutFlag } from "./support/socketFiles";

/*
 * The Angular example (examples/angular: Angular 21, standalone OnPush components, control flow, zoneless; a service
 * provided by the #/shared route for its two panels; `@if`/`@else` for Remount), installed from the package's own
 * tarball in a scratch directory and built there by its own Angular CLI (`ng build`, @angular/build:application, the
 * development configuration: examples/angular/build.mjs), through the scenarios every UI binding passes
 * (test/browser/support/frameworkScenarios.ts).
 */

let built: BuiltExample | undefined;

const frame = frameworkScenarios({
  name: "Angular",
  async build(outdir) {
    const result = await buildExample("angular", "buildAngularExample", outdir, "ng build");
    built = result.built;
    return { info: result.info };
  },
});

describe("the Angular example, Angular's own parts", () => {
  it("was built from the tarball's dist/ (index.bundler.js and angular.js), by the app's own Angular CLI", () => {
    expect(withoutFlag(built?.socketModules)).toEqual(socketFiles("angular.js"));
    expect(Number(built?.versions["@angular/core"]!.split(".")[0])).toBeGreaterThanOrEqual(21);
  });

  it("Angular: many @if toggles (Remount) hold at most one connection at a time, and leaving holds none", async () => {
    const user = "Angular-toggles";
    const { page, problems } = await frame.open("#/chat");
    await signIn(page, user);
    await expect.poll(() => panel(page).status(), { timeout: 10_000 }).toBe("connected");
    const remount = page.getByRole("button", { name: "Remount" });
    const sockets = async () => Number(await page.getByTestId("sockets").textContent());
    for (let i = 0; i < 15; i++) {
      await remount.click();
      // Each click flipped the @if: one panel (a new one), which has held at most one Socket.
      expect(await page.getByTestId("panel").count()).toBe(1);
      expect(await sockets()).toBeLessThanOrEqual(1);
      expect(frame.log.connected(user)).toBeLessThanOrEqual(1);
    }
    await expect.poll(() => panel(page).status(), { timeout: 10_000 }).toBe("connected");
    await expect.poll(() => frame.log.connected(user), { timeout: 10_000 }).toBe(1);
    // The panel is a new instance: it has seen one Socket, the one the server holds.
    expect(await panel(page).sockets()).toBe(1);
    const live = [...frame.stack.io.of("/").sockets.values()].find((s) => s.data.userId === user);
    await expect.poll(() => panel(page).socketId(), { timeout: 5_000 }).toBe(live?.id);
    await page.evaluate(() => (window.location.hash = "#/lobby"));
    await expect.poll(() => frame.log.connected(user), { timeout: 5_000 }).toBe(0);
    expect(problems).toEqual([]);
  }, 40_000);

  it("Angular: on #/shared the route's service holds ONE connection for both panels through a sign-out and another user's sign-in; leaving the route closes it", async () => {
    const [alice, bob] = ["Angular-shared-alice", "Angular-shared-bob"];
    const { page, problems } = await frame.open("#/shared");
    await signIn(page, alice);
    for (const i of [0, 1]) await expect.poll(() => panel(page, i).status(), { timeout: 10_000 }).toBe("connected");
    expect(frame.log.connected(alice)).toBe(1);
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
