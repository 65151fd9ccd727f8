// Compiles a consumer of the PACKED package (test/package/consumer) under each moduleResolution a TypeScript project
// may use: node10, node16 (an ESM file and a CommonJS file) and bundler. The package is unpacked as the consumer's
// node_modules/supertokens-socket; its peers' types come from the repository's node_modules further up.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT, pack, unpack } from "./packed.mjs";

const dir = join(ROOT, ".tmp/package-types");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(join(ROOT, "test/package/consumer"), dir, { recursive: true });
copyFileSync(join(dir, "consumer.ts"), join(dir, "consumer.mts"));
copyFileSync(join(dir, "consumer.ts"), join(dir, "consumer.cts"));
unpack(pack(dir), dir);

const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
let failed = false;
for (const mode of ["node10", "node16", "bundler"]) {
  try {
    execFileSync(process.execPath, [tsc, "-p", `tsconfig.${mode}.json`], { cwd: dir, encoding: "utf8" });
    console.log(`moduleResolution ${mode}: the packed package's types compile`);
  } catch (error) {
    failed = true;
    console.error(`moduleResolution ${mode}: failed\n${error.stdout}${error.stderr}`);
  }
}
if (failed) process.exit(1);
rmSync(dir, { recursive: true, force: true });
