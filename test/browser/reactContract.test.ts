import { build } from "esbuild";
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FIXTURES, ROOT } from "./support/staticServer";
import { frameworkScenarios } from "./support/frameworkScenarios";

/*
 * The React hooks through the scenarios every UI binding passes (test/browser/support/frameworkScenarios.ts), in
 * StrictMode, the package bundled from its dist/ as an installed copy would be (the auth-react example installs the
 * real tarball: test/browser/authReactExample.test.ts).
 */
frameworkScenarios({
  name: "React",
  async build(outdir) {
    const started = performance.now();
    await build({
      entryPoints: { main: resolve(FIXTURES, "contract-react-app.tsx") },
      absWorkingDir: ROOT,
      outdir,
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2020",
      jsx: "automatic",
      logLevel: "warning",
      define: { "process.env.NODE_ENV": '"development"' },
      alias: { "supertokens-socket": resolve(ROOT, "dist/index.js"), "supertokens-socket/react": resolve(ROOT, "dist/react.js") },
    });
    copyFileSync(resolve(ROOT, "examples/shared/index.html"), join(outdir, "index.html"));
    return { info: `esbuild ${Math.round(performance.now() - started)} ms` };
  },
});
