import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Every module specifier of `code`, with whether the import is type-only (erased from the build). */
const imports = (code: string) =>
  [...code.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => ({ spec: m[3]!, typeOnly: !!m[2] }));

describe("the Angular binding's imports", () => {
  it("src/angular imports at run time only @angular/core (the one peer: no @angular/common), and the bindings' shared follower (the core by its name)", () => {
    const dir = join(ROOT, "src/angular");
    const found = readdirSync(dir).flatMap((file) => imports(readFileSync(join(dir, file), "utf8")));
    expect(found.length).toBeGreaterThan(3); // the pattern really matched
    const runtime = [...new Set(found.filter((i) => !i.typeOnly).map((i) => i.spec))].sort();
    expect(runtime).toEqual(["../bindings/bindingFollower", "./createBindings", "./injectAuthedSocket", "./injectSocketEvent", "@angular/core", "supertokens-socket"]);
  });

  it("the built entry (dist/angular.js, when built) imports only @angular/core and supertokens-socket", () => {
    let code: string;
    try {
      code = readFileSync(join(ROOT, "dist/angular.js"), "utf8");
    } catch {
      return; // not built: the source check above stands
    }
    expect([...new Set(imports(code).map((i) => i.spec))].sort()).toEqual(["@angular/core", "supertokens-socket"]);
  });
});
