import { build, type Metafile } from "esbuild";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

/*
 * Which SDK an app's bundle holds, read from esbuild's metafile: the built entries (dist/, as a bundler gets them
 * from the installed package) bundled for the browser with every dependency resolved from node_modules, where both
 * SDKs are installed, so a stray import would be bundled and seen.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const ALIAS = {
  "supertokens-socket/website": "./dist/website.bundler.js",
  "supertokens-socket/vue": "./dist/vue.js",
  "supertokens-socket/svelte": "./dist/svelte.js",
  "supertokens-socket/angular": "./dist/angular.js",
  "supertokens-socket": "./dist/index.bundler.js",
};

/** The files an app of `contents` bundles: every file parsed, and those whose code is in the output. */
async function bundleOf(contents: string): Promise<{ parsed: string[]; inOutput: string[] }> {
  const { metafile } = (await build({
    stdin: { contents, resolveDir: ROOT },
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    metafile: true,
    logLevel: "silent",
    // The frameworks are the app's: not what this test is about.
    external: ["vue", "@angular/core"],
    alias: ALIAS,
  })) as { metafile: Metafile };
  const [output] = Object.values(metafile.outputs);
  const inOutput = Object.entries(output!.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0).map(([file]) => file);
  return { parsed: Object.keys(metafile.inputs), inOutput };
}
const inputsOf = async (entry: string, names: string) => (await bundleOf(`export { ${names} } from "${entry}";`)).parsed;
const from = (inputs: string[], pkg: string) => inputs.filter((input) => input.includes(`node_modules/${pkg}/`));

beforeAll(() => {
  if (!existsSync(resolve(ROOT, "dist/website.bundler.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
});

describe("an app's bundle holds only the SDK it uses", () => {
  it("supertokens-socket/website: supertokens-website and no supertokens-web-js module", async () => {
    const inputs = await inputsOf("supertokens-socket/website", "createAuthedSocket, followSession, handleSessionEvent, handlePreAPIHook");
    expect(inputs).toContain("dist/website.bundler.js");
    expect(from(inputs, "supertokens-website").length).toBeGreaterThan(0);
    expect(from(inputs, "socket.io-client").length).toBeGreaterThan(0);
    expect(from(inputs, "supertokens-web-js")).toEqual([]);
  });

  it("supertokens-socket (the control): supertokens-web-js's session recipe", async () => {
    const inputs = await inputsOf("supertokens-socket", "createAuthedSocket, handleSessionEvent, handlePreAPIHook");
    expect(inputs).toContain("dist/index.bundler.js");
    expect(from(inputs, "supertokens-web-js").some((input) => input.includes("/recipe/session/"))).toBe(true);
  });

  // A binding's module holds its defaults (over supertokens-socket, web-js) next to createBindings: the bundler drops
  // the defaults' code when only createBindings is used (the package has no side effects), so no web-js code remains.
  for (const [binding, names] of [
    ["vue", "useAuthedSocket, provideAuthedSocket, injectAuthedSocket, useSocketEvent"],
    ["svelte", "authedSocket, socketEvent"],
    ["angular", "injectAuthedSocket, injectSocketEvent"],
  ] as const) {
    it(`supertokens-socket/${binding}'s createBindings over supertokens-socket/website: no supertokens-web-js code`, async () => {
      const app = `import { createBindings } from "supertokens-socket/${binding}";
        import { followSession } from "supertokens-socket/website";
        export const { ${names} } = createBindings(followSession);`;
      const { inOutput } = await bundleOf(app);
      expect(inOutput).toContain(`dist/${binding}.js`);
      expect(inOutput).toContain("dist/website.bundler.js");
      expect(from(inOutput, "supertokens-website").length).toBeGreaterThan(0);
      expect(from(inOutput, "supertokens-web-js")).toEqual([]);
      expect(inOutput).not.toContain("dist/index.bundler.js");
    });

    it(`supertokens-socket/${binding}'s own functions (the control): supertokens-web-js code`, async () => {
      const { inOutput } = await bundleOf(`export { ${names} } from "supertokens-socket/${binding}";`);
      expect(inOutput).toContain("dist/index.bundler.js");
      expect(from(inOutput, "supertokens-web-js").some((input) => input.includes("/recipe/session/"))).toBe(true);
    });
  }
});
