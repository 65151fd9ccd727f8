import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
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
    const script = pathToFileURL(resolve(ROOT, "examples/shared/bundle.mjs")).href;
    const { bundleExample } = (await import(script)) as {
      bundleExample: (o: { entry: string; outdir: string; minify: boolean; absWorkingDir: string; alias: Record<string, string> }) => Promise<unknown>;
    };
    const started = performance.now();
    await bundleExample({
      entry: resolve(FIXTURES, "contract-react-app.tsx"),
      outdir,
      minify: false,
      absWorkingDir: ROOT,
      alias: { "supertokens-socket": resolve(ROOT, "dist/index.js"), "supertokens-socket/react": resolve(ROOT, "dist/react.js") },
    });
    return { info: `esbuild ${Math.round(performance.now() - started)} ms` };
  },
});
