import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./staticServer";

/** What an example's build.mjs answers (examples/{vue,svelte,angular}/build.mjs). */
export interface BuiltExample {
  packMs: number;
  installMs: number;
  buildMs: number;
  bytes: number;
  packages: number;
  versions: Record<string, string>;
  socketModules: string[];
}

/**
 * Runs `examples/<example>/build.mjs`'s `exportName` into `outdir` (the app installed from the tarball and built by
 * its own toolchain), and answers it with a line of figures for the log; `tool` names the build step.
 */
export async function buildExample(example: string, exportName: string, outdir: string, tool: string): Promise<{ built: BuiltExample; info: string }> {
  const script = pathToFileURL(resolve(ROOT, `examples/${example}/build.mjs`)).href;
  const build = ((await import(script)) as Record<string, (o: { outdir: string }) => Promise<BuiltExample>>)[exportName]!;
  const built = await build({ outdir });
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const versions = Object.entries(built.versions).map(([name, version]) => `${name} ${version}`).join(", ");
  const info =
    `npm pack ${s(built.packMs)}, npm install ${s(built.installMs)} (${built.packages} packages), ` +
    `${tool} ${s(built.buildMs)} (${(built.bytes / 1024).toFixed(0)} kB JS; ${versions})`;
  return { built, info };
}
