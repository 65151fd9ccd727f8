import { createApp, type Component } from "vue";
import { afterEach } from "vitest";

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
