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

async function inputsOf(entry: string, names: string): Promise<string[]> {
  const { metafile } = (await build({
    stdin: { contents: `export { ${names} } from "${entry}";`, resolveDir: ROOT },
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    metafile: true,
    logLevel: "silent",
    alias: { "supertokens-socket/website": "./dist/website.js", "supertokens-socket": "./dist/index.js" },
  })) as { metafile: Metafile };
  return Object.keys(metafile.inputs);
}
const from = (inputs: string[], pkg: string) => inputs.filter((input) => input.includes(`node_modules/${pkg}/`));

beforeAll(() => {
  if (!existsSync(resolve(ROOT, "dist/website.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
});

describe("an app's bundle holds only the SDK it uses", () => {
  it("supertokens-socket/website: supertokens-website and no supertokens-web-js module", async () => {
    const inputs = await inputsOf("supertokens-socket/website", "createAuthedSocket, followSession, handleSessionEvent, handlePreAPIHook");
    expect(inputs).toContain("dist/website.js");
    expect(from(inputs, "supertokens-website").length).toBeGreaterThan(0);
    expect(from(inputs, "socket.io-client").length).toBeGreaterThan(0);
    expect(from(inputs, "supertokens-web-js")).toEqual([]);
  });

  it("supertokens-socket (the control): supertokens-web-js's session recipe", async () => {
    const inputs = await inputsOf("supertokens-socket", "createAuthedSocket, handleSessionEvent, handlePreAPIHook");
    expect(inputs).toContain("dist/index.js");
    expect(from(inputs, "supertokens-web-js").some((input) => input.includes("/recipe/session/"))).toBe(true);
  });
});
