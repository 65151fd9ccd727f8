// The package as a user receives it: `npm pack` of this repository (dist/ must be built), installed or unpacked
// somewhere else. Shared by the checks that need the published shape (scripts/test-*.mjs) and the examples' builds.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Packs the repository into `dir`; answers the tarball's absolute path. */
export function pack(dir) {
  mkdirSync(dir, { recursive: true });
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" });
  return resolve(dir, JSON.parse(out)[0].filename);
}

/** Unpacks a tarball as `node_modules/supertokens-socket` of `dir` (no install: for type checks only). */
export function unpack(tarball, dir) {
  const target = join(dir, "node_modules", "supertokens-socket");
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  return target;
}

/**
 * `npm install` in `dir` as a user would, from npm's cache where it can (CI's `npm ci` has just filled it).
 * Answers how long it took. Throws with npm's output when it fails.
 */
export function npmInstall(dir, args = []) {
  const started = performance.now();
  const run = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`npm install ${args.join(" ")} failed in ${dir}:\n${run.stdout}\n${run.stderr}`);
  return performance.now() - started;
}

/** Every package installed under `dir`/node_modules, nested ones included: its name and directory. */
export function installedPackages(dir) {
  const found = [];
  const walk = (modules) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((e) => `${entry}/${e}`) : [entry];
      for (const name of names) {
        found.push({ name, dir: join(modules, name) });
        walk(join(modules, name, "node_modules"));
      }
    }
  };
  walk(join(dir, "node_modules"));
  return found;
}

/**
 * Lays out a user's app of the example `examples/<name>` in `app`: its package.json with this repository's tarball
 * (`npm pack`, dist/ must be built) as the supertokens-socket dependency, and examples/shared beside it, so that the
 * sources keep their places relative to each other (an app imports ../../shared/backend). The caller copies the
 * example's own sources into `project` and installs. Answers how long the pack took.
 */
export function scaffoldExample(name, app) {
  const started = performance.now();
  const tarball = pack(app);
  const packMs = performance.now() - started;
  const example = join(ROOT, "examples", name);
  const manifest = JSON.parse(readFileSync(join(example, "package.json"), "utf8"));
  manifest.dependencies["supertokens-socket"] = `file:./${basename(tarball)}`;
  writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
  cpSync(join(ROOT, "examples/shared"), join(app, "examples/shared"), { recursive: true });
  return { packMs, example, project: join(app, "examples", name) };
}

/** Throws unless `found` (the supertokens-socket files a bundle holds, sorted) are exactly the tarball's `expected`. */
/**
 * What a bundler takes of the `supertokens-socket` entry: its "module" condition's file. Its development flag,
 * dist/dev.bundler.js, is left out of the comparison: a bundler may inline that module whole (Vite's does).
 */
export const CORE_FOR_BUNDLERS = ["dist/index.bundler.js"];
const FLAG = "node_modules/supertokens-socket/dist/dev.bundler.js";

export function expectSocketModules(found, expected, where = "the bundle") {
  const files = expected.map((file) => `node_modules/supertokens-socket/${file}`).sort();
  found = found.filter((file) => file !== FLAG);
  if (JSON.stringify(found) !== JSON.stringify(files)) {
    throw new Error(`${where}'s supertokens-socket should be the tarball's ${files.join(" and ")}, got: ${found.join(", ") || "nothing"}`);
  }
}

/** The installed version of each of `names` in `app`. */
export function installedVersions(app, names) {
  const version = (name) => JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;
  return Object.fromEntries(names.map((name) => [name, version(name)]));
}
