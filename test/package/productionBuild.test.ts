// A small app built from the package as an app's bundler gets it (through its package.json exports: the "module"
// condition), once for production and once for development, both run against a real socket server. The peers
// (socket.io-client, supertokens-web-js) stay the app's own imports: what is built is this package's code.
import { build, type Metafile } from "esbuild";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as source from "supertokens-socket";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = join(ROOT, ".tmp", "production-app");
const MODES = ["production", "development"] as const;
type Mode = (typeof MODES)[number];
type Entry = typeof source;

const fx = useFixture({ seed: true });
const apps = {} as Record<Mode, { entry: Entry; code: string; socketFiles: string[] }>;
/** A text that only development builds carry (it names the fix). */
const DEV_TEXT = "exposeAccessTokenToFrontendInCookieBasedAuth";

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dist/index.bundler.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(join(APP, "node_modules"), { recursive: true });
  // The package as installed: its package.json exports decide which file the bundler takes.
  symlinkSync(ROOT, join(APP, "node_modules", "supertokens-socket"), "dir");
  for (const mode of MODES) {
    const result = await build({
      stdin: { contents: `export * from "supertokens-socket";`, resolveDir: APP },
      absWorkingDir: APP,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      external: ["socket.io-client", "supertokens-web-js", "supertokens-web-js/*"],
      define: { "process.env.NODE_ENV": JSON.stringify(mode) },
      // The app's own config: not this repository's tsconfig paths to src/.
      tsconfigRaw: "{}",
      outfile: join(APP, `${mode}.js`),
      metafile: true,
      logLevel: "silent",
    });
    const socketFiles = Object.keys((result.metafile as Metafile).inputs)
      .filter((input) => !input.includes("node_modules/") || input.includes("supertokens-socket/"))
      .filter((input) => input !== "<stdin>")
      .map((input) => input.replace(/^.*supertokens-socket\/|^\.\.\/\.\.\//, ""))
      .sort();
    apps[mode] = {
      entry: (await import(pathToFileURL(join(APP, `${mode}.js`)).href)) as Entry,
      code: readFileSync(join(APP, `${mode}.js`), "utf8"),
      socketFiles,
    };
  }
});
afterAll(() => rmSync(APP, { recursive: true, force: true }));

describe("the production build, as an app's bundler makes it", () => {
  it("bundlers take dist/index.bundler.js and its flag; production drops the developer texts, development keeps them, and so do the UMD files", () => {
    for (const mode of MODES) expect(apps[mode].socketFiles).toEqual(["dist/dev.bundler.js", "dist/index.bundler.js"]);
    expect(apps.production.code).not.toContain(DEV_TEXT);
    expect(apps.development.code).toContain(DEV_TEXT);
    expect(apps.production.code.length).toBeLessThan(apps.development.code.length);
    // The script-tag files: the minified one is the production build, the plain one the development build.
    expect(readFileSync(join(ROOT, "dist/supertokens-socket.umd.min.js"), "utf8")).not.toContain(DEV_TEXT);
    expect(readFileSync(join(ROOT, "dist/supertokens-socket.umd.cjs"), "utf8")).toContain(DEV_TEXT);
  });

  it("keeps every public name of the entry, in both modes", () => {
    const names = Object.keys(source).sort();
    for (const mode of MODES) expect(Object.keys(apps[mode].entry).sort()).toEqual(names);
  });

  it.each(MODES)("%s: a wrong option still throws INVALID_OPTIONS; an unreadable token still TOKEN_NOT_EXPOSED, its message shorter in production", async (mode) => {
    const { createAuthedSocket, isAuthedSocketError } = apps[mode].entry;
    const wrong = await createAuthedSocket(fx.seed.url, { tokenIn: "header" as never }).catch((error: unknown) => error);
    expect(isAuthedSocketError(wrong) && wrong.code).toBe("INVALID_OPTIONS");

    const unreadable = await createAuthedSocket(fx.seed.url, {
      getAccessToken: async () => undefined,
      attemptRefreshingSession: async () => true,
    }).catch((error: unknown) => error);
    expect(isAuthedSocketError(unreadable) && unreadable.code).toBe("TOKEN_NOT_EXPOSED");
    const message = (unreadable as Error).message;
    if (mode === "production") expect(message).toBe('Token not readable: see README "Errors".');
    else expect(message).toContain(DEV_TEXT);
  });

  it.each(MODES)("%s: connects, then a sign-out ends it unauthenticated; the debug log only in development", async (mode) => {
    const { createAuthedSocket, handleSessionEvent } = apps[mode].entry;
    const session = fakeSession(fx.issuer);
    await session.signIn(`${mode}-user`);
    const debug: string[] = [];
    const authed = await createAuthedSocket(fx.seed.url, {
      getAccessToken: session.getAccessToken,
      attemptRefreshingSession: session.attemptRefreshingSession,
      logger: { debug: (line) => void debug.push(line) },
    });
    const ended = new Promise((resolve) => authed.on("unauthenticated", resolve));
    await until(() => authed.status === "connected", `${mode}: connected`);
    session.signOut();
    handleSessionEvent({ action: "SIGN_OUT" });
    await expect(ended).resolves.toEqual({ reason: "signed-out" });
    expect(authed.status).toBe("unauthenticated");
    expect(authed.socket.connected).toBe(false);
    if (mode === "production") expect(debug).toEqual([]);
    else expect(debug.some((line) => line.includes("connecting -> connected"))).toBe(true);
    authed.close();
  });
});
