import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support";

/** Every module specifier of `code`, with whether the import is type-only (erased from the build). */
const imports = (code: string) =>
  [...code.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => ({ spec: m[3]!, typeOnly: !!m[2] }));

describe("the Vue binding's imports", () => {
  it("src/vue imports at run time only vue, the core by its name, the core's error class and the bindings' shared follower", () => {
    const dir = join(ROOT, "src/vue");
    const found = readdirSync(dir).flatMap((file) => imports(readFileSync(join(dir, file), "utf8")));
    expect(found.length).toBeGreaterThan(5); // the pattern really matched
    const runtime = [...new Set(found.filter((i) => !i.typeOnly).map((i) => i.spec))].filter((s) => !s.startsWith("./")).sort();
    expect(runtime).toEqual(["../bindings/bindingFollower", "../core/errors", "supertokens-socket", "vue"]);
  });

  it("the built entry (dist/vue.js, when built) imports only vue and supertokens-socket", () => {
    let code: string;
    try {
      code = readFileSync(join(ROOT, "dist/vue.js"), "utf8");
    } catch {
      return; // not built: the source check above stands
    }
    expect([...new Set(imports(code).map((i) => i.spec))].sort()).toEqual(["supertokens-socket", "vue"]);
  });
});
