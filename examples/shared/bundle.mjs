// How the React examples (and the React hooks' browser test) are bundled: esbuild's JS API, one ESM main.js for the browser next to the shared index.html.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Bundles `entry` into `outdir`/main.js (React in development mode unless `minify`) and copies index.html there.
 * @param {{ entry: string, outdir: string, minify: boolean, absWorkingDir?: string, plugins?: import("esbuild").Plugin[],
 *   alias?: Record<string, string> }} options
 * @returns {Promise<{ inputs: string[], bytes: number }>} the bundle's inputs (relative to absWorkingDir) and main.js's size
 */
export async function bundleExample({ entry, outdir, minify, absWorkingDir = process.cwd(), plugins = [], alias }) {
  const result = await build({
    entryPoints: { main: entry },
    absWorkingDir,
    outdir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    minify,
    sourcemap: true,
    metafile: true,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": JSON.stringify(minify ? "production" : "development") },
    plugins,
    alias,
  });
  await mkdir(outdir, { recursive: true });
  await copyFile(resolve(here, "index.html"), resolve(outdir, "index.html"));
  const main = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith("main.js"));
  return { inputs: Object.keys(result.metafile.inputs), bytes: main?.[1].bytes ?? 0 };
}
