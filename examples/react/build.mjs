// Builds the React example into examples/react/dist/ (index.html + main.js), with esbuild's JS API
// (examples/shared/bundle.mjs).
//
//   node examples/react/build.mjs          the package as users get it: dist/index.js and dist/react.js
//                                          (run `npm run build` first)
//   node examples/react/build.mjs --src    the sources (src/index.ts, src/react/index.ts), no package build needed
//
// Either way "supertokens-socket" resolves to ONE file, for the app and for the React binding (which imports the core
// by its package name): one copy of the core, so one set of session signals. The build fails if a second copy
// shows up. Browser tests can import { buildExample } and call it.
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleExample } from "../shared/bundle.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

const entries = {
  dist: { "supertokens-socket": "dist/index.js", "supertokens-socket/react": "dist/react.js" },
  src: { "supertokens-socket": "src/index.ts", "supertokens-socket/react": "src/react/index.ts" },
};

/**
 * @param {{ from?: "dist" | "src", outdir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ outdir: string, bytes: number }>}
 */
export async function buildExample({ from = "dist", outdir = resolve(here, "dist"), minify = true } = {}) {
  const targets = Object.fromEntries(Object.entries(entries[from]).map(([name, file]) => [name, resolve(root, file)]));
  for (const [name, file] of Object.entries(targets)) {
    if (!existsSync(file)) {
      throw new Error(`${name} → ${relative(root, file)} is missing: run \`npm run build\` first, or build with --src.`);
    }
  }
  const { inputs, bytes } = await bundleExample({
    entry: resolve(here, "src/main.tsx"),
    outdir,
    minify,
    plugins: [
      {
        name: "supertokens-socket",
        setup(builder) {
          builder.onResolve({ filter: /^supertokens-socket(\/react)?$/ }, (args) => ({ path: targets[args.path] }));
        },
      },
    ],
  });
  const cores = inputs.filter((input) => /(^|\/)(dist\/index\.js|src\/createAuthedSocket\.ts)$/.test(input));
  if (cores.length !== 1) throw new Error(`expected one copy of the core in the bundle, found: ${cores.join(", ") || "none"}`);
  return { outdir, bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const from = process.argv.includes("--src") ? "src" : "dist";
  const { outdir, bytes } = await buildExample({ from });
  console.log(`built ${relative(process.cwd(), outdir)}/ from ${from}/ (main.js ${(bytes / 1024).toFixed(1)} kB)`);
}
