// Runs the Chromium suite, one file at a time. It drives Debian's Chromium (never a downloaded browser): .ci/run
// installs it. Without it, a local run says how to install it and skips the suite; a CI run fails.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const install = "apt-get install -y --no-install-recommends chromium";
  if (process.env.CI) {
    console.error(`The browser suite needs Debian's Chromium at ${CHROMIUM} (${install}).`);
    process.exit(1);
  }
  console.warn(`\nSkipping the browser suite: no Chromium at ${CHROMIUM}. Install it (${install}) and run npm test again.\n`);
  process.exit(0);
}
const run = spawnSync("npx", ["vitest", "run", "test/browser", "--no-file-parallelism"], { stdio: "inherit" });
process.exit(run.status ?? 1);
