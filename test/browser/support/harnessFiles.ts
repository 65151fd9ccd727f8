import { resolve } from "node:path";
import type { StaticFiles } from "../../../demo/stack";
import { FIXTURES, ROOT, webJsBundle } from "./staticServer";

/**
 * The UMD fixture page (`/umd.html`) and every script it loads, at the URL paths the static server uses, for the
 * stack to serve from its own origin (`servePage`): page, API and socket.io on one origin.
 */
export function harnessFiles(): StaticFiles {
  const files: Record<string, string> = {};
  for (const name of ["socket.io.min.js", "socket.io.min.js.map"]) {
    files[`/vendor/socket.io/${name}`] = resolve(ROOT, "node_modules/socket.io-client/dist", name);
  }
  for (const name of ["website.js", "supertokens.js", "session.js"]) {
    const file = webJsBundle(name);
    if (file === undefined) throw new Error(`supertokens-web-js has no bundle for ${name}`);
    files[`/vendor/supertokens-web-js/bundle/${name}`] = file;
  }
  for (const name of ["supertokens-socket.umd.cjs", "supertokens-socket.umd.cjs.map", "supertokens-socket.umd.min.js", "supertokens-socket.umd.min.js.map"]) {
    files[`/dist/${name}`] = resolve(ROOT, "dist", name);
  }
  return { dir: FIXTURES, files };
}
