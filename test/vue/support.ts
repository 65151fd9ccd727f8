import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createApp, type Component } from "vue";
import { afterAll, afterEach } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The Vue example's components. */
export const EXAMPLE = resolve(ROOT, "examples/vue/src");

const mounted: { unmount(): void }[] = [];
afterEach(() => mounted.splice(0).forEach((app) => app.unmount()));

/** Mounts `root` (with `props`) in a fresh element of jsdom's document; unmounted after the test unless before. */
export function mount(root: Component, props: Record<string, unknown> = {}) {
  const el = document.createElement("div");
  document.body.append(el);
  const app = createApp(root, props);
  app.mount(el);
  let done = false;
  const handle = {
    el,
    unmount() {
      if (done) return;
      done = true;
      app.unmount();
      el.remove();
    },
  };
  mounted.push(handle);
  return handle;
}

/** The `data-status` of every element matching `selector` in `el`. */
export const statuses = (el: Element, selector = "[data-status]") =>
  [...el.querySelectorAll(selector)].map((node) => node.getAttribute("data-status"));

/**
 * Compiles the Vue example's single-file components with vue/compiler-sfc itself (no Vite plugin: `<script setup>`
 * with its template inlined, as the plugin does for a production build) into a scratch folder under the repository's
 * .tmp/ (so that their imports of vue and supertokens-socket/vue resolve as the tests' own do), and imports them.
 * Their imports of one another (`./X.vue`) are rewritten to the compiled files. The folder is removed after the file's
 * tests.
 */
export async function compileExample(...names: string[]): Promise<Record<string, Component>> {
  const { parse, compileScript } = await import("vue/compiler-sfc");
  mkdirSync(resolve(ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".tmp", "vue-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of names) {
    const filename = join(EXAMPLE, name);
    const { descriptor, errors } = parse(readFileSync(filename, "utf8"), { filename });
    if (errors.length) throw new Error(`${name}: ${errors.map(String).join("; ")}`);
    const { content } = compileScript(descriptor, { id: name, inlineTemplate: true });
    const code = content
      .replace(/(from\s+["']\.\/[\w-]+)\.vue(["'])/g, "$1$2")
      .replace(/from\s+["']\.\.\/\.\.\/shared\//g, `from "${EXAMPLE}/../../shared/`);
    writeFileSync(join(dir, `${basename(name, ".vue")}.ts`), code);
  }
  const modules: Record<string, Component> = {};
  for (const name of names) {
    const url = pathToFileURL(join(dir, `${basename(name, ".vue")}.ts`)).href;
    modules[name] = ((await import(/* @vite-ignore */ url)) as { default: Component }).default;
  }
  return modules;
}
