import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support";

/** Every module specifier of `code`, with whether the import is type-only (erased from the build). */
const imports = (code: string) =>
  [...code.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => ({ spec: m[3]!, typeOnly: !!m[2] }));

describe("the Svelte binding's imports", () => {
  it("src/svelte imports nothing from svelte: only the bindings' shared follower, the core by its name (the default followSession), and types", () => {
    const dir = join(ROOT, "src/svelte");
    const found = readdirSync(dir).flatMap((file) => imports(readFileSync(join(dir, file), "utf8")));
    expect(found.length).toBeGreaterThan(3); // the pattern really matched
    const runtime = [...new Set(found.filter((i) => !i.typeOnly).map((i) => i.spec))].sort();
    expect(runtime).toEqual(["../bindings/bindingFollower", "./authedSocket", "./createBindings", "./socketEvent", "supertokens-socket"]);
    expect(found.filter((i) => /^svelte(\/|$)/.test(i.spec))).toEqual([]);
  });

  it("the built entry (dist/svelte.js, when built) imports only supertokens-socket", () => {
    let code: string;
    try {
      code = readFileSync(join(ROOT, "dist/svelte.js"), "utf8");
    } catch {
      return; // not built: the source check above stands
    }
    expect([...new Set(imports(code).map((i) => i.spec))]).toEqual(["supertokens-socket"]);
  });
});
