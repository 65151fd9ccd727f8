import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SPECIFIER = /(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|import\s*\(?\s*["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)/g;

function specifiers(code: string): string[] {
  return [...code.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function resolveSource(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every source file reachable from `entry` by relative imports, and the packages they import. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".")) visit(resolveSource(file, spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(root, f)), packages };
}

const isReact = (spec: string) => /^(react|react-dom)(\/|$)/.test(spec);

describe("the core is framework-free", () => {
  it("no module reachable from src/index.ts or src/umd.ts imports React", () => {
    for (const entry of ["src/index.ts", "src/umd.ts"]) {
      const { files, packages } = importGraph(join(root, entry));
      expect(files).toContain("src/core/lifecycle.ts"); // the walk really followed the graph
      expect(packages).toContain("socket.io-client");
      expect(files.filter((f) => f.startsWith("src/react/"))).toEqual([]);
      expect([...packages].filter(isReact)).toEqual([]);
    }
  });

  it("the React binding reaches the core only through the package name, never by copying or a relative path", () => {
    const { files, packages } = importGraph(join(root, "src/react/index.ts"));
    // src/bindings/: what the UI bindings share (connectionKey), never the core.
    expect(files.filter((f) => !f.startsWith("src/react/") && !f.startsWith("src/bindings/"))).toEqual([]);
    expect(packages).toContain("supertokens-socket");
    expect(packages).toContain("react");
  });

  it("loads and runs with React unavailable", async () => {
    vi.resetModules();
    vi.doMock("react", () => {
      throw new Error("the core imported react");
    });
    const core = await import("supertokens-socket");
    expect(typeof core.createAuthedSocket).toBe("function");
    expect(typeof core.onSessionSignal(() => {}, { crossTab: false })).toBe("function");
    vi.doUnmock("react");
  });

  it.runIf(existsSync(join(root, "dist/index.js")))("the built core (dist/index.*) imports no React", () => {
    const built = readdirSync(join(root, "dist")).filter((f) => /^index\.c?js$/.test(f) || /\.umd(\.min\.js|\.cjs)$/.test(f));
    expect(built.length).toBeGreaterThan(0);
    for (const file of built) {
      const code = readFileSync(join(root, "dist", file), "utf8");
      expect(specifiers(code).filter(isReact), file).toEqual([]);
      expect(code, file).not.toMatch(/["']react["']/);
    }
  });
});
