import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile } from "svelte/compiler";
import { afterAll } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The Svelte example's components. */
export const EXAMPLE = resolve(ROOT, "examples/svelte/src");

/**
 * Compiles `.svelte` components with svelte/compiler itself (no Vite plugin, no change to the root Vitest config) for
 * the server or the client, into a scratch folder under the repository's .tmp/ (so that their imports of svelte and
 * supertokens-socket/svelte resolve as the tests' own do), and imports them. `sources` maps a file name to its
 * source; their imports of one another (`./X.svelte`) are rewritten to the compiled files. For the client, `svelte`
 * and `svelte/store` are pointed at Svelte's client build (Vitest resolves them to the server build in Node).
 * A compiler warning fails the compile. The folder is removed after the file's tests.
 */
export async function compileSvelte(
  sources: Record<string, string>,
  generate: "server" | "client",
): Promise<Record<string, { default: unknown }>> {
  mkdirSync(resolve(ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".tmp", `svelte-${generate}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const client = (path: string) => pathToFileURL(resolve(ROOT, "node_modules/svelte/src", path)).href;
  for (const [name, source] of Object.entries(sources)) {
    const { js, warnings } = compile(source, { filename: name, generate, dev: true });
    // The example is not type-checked by tsc: the compiler's warnings (a11y, state captured once...) are its lint.
    if (warnings.length) throw new Error(`${name}: ${warnings.map((w) => `${w.code}: ${w.message}`).join("; ")}`);
    let { code } = js;
    code = code.replace(/(from\s+["']\.\/[\w-]+)\.svelte(["'])/g, "$1.svelte.js$2");
    if (generate === "client") {
      code = code
        .replace(/from\s+["']svelte["']/g, `from ${JSON.stringify(client("index-client.js"))}`)
        .replace(/from\s+["']svelte\/store["']/g, `from ${JSON.stringify(client("store/index-client.js"))}`);
    }
    writeFileSync(join(dir, `${basename(name)}.js`), code);
  }
  const modules: Record<string, { default: unknown }> = {};
  for (const name of Object.keys(sources)) {
    modules[name] = (await import(/* @vite-ignore */ pathToFileURL(join(dir, `${basename(name)}.js`)).href)) as { default: unknown };
  }
  return modules;
}

/** The example's components, by file name. */
export function exampleSources(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(EXAMPLE, name), "utf8")]));
}
