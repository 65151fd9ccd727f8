// @vitest-environment jsdom
// Vue's own constructs around a component that calls useAuthedSocket: a `:key` remount, v-if, and <KeepAlive>
// (a kept-alive component is deactivated, not unmounted: its connection stays open until it really unmounts).
import { afterEach, describe, expect, it } from "vitest";
import { defineComponent, h, KeepAlive, nextTick, onActivated, onDeactivated, ref } from "vue";
import { useAuthedSocket, type UseAuthedSocketOptions } from "supertokens-socket/vue";
import { browserSignals } from "../../src/platform/browserSignals";
import { fakeSession } from "../support/fakeSession";
import { useFixture } from "../support/fixture";
import { until } from "../support/wait";
import { countingIo, serverSockets, sessionOptions } from "../react/support";
import { mount, statuses } from "./support";

const fx = useFixture({ seed: true });
afterEach(async () => {
  await until(() => serverSockets(fx.seed) === 0, "every connection closed");
});

const events: string[] = [];
const Panel = defineComponent({
  props: { url: { type: String, required: true }, options: { type: Object, required: true } },
  setup(props) {
    const { status, socket } = useAuthedSocket(props.url, props.options as UseAuthedSocketOptions);
    onActivated(() => events.push("activated"));
    onDeactivated(() => events.push("deactivated"));
    return () => h("p", { class: "panel", "data-status": status.value }, socket.value?.id ?? "");
  },
});
const Other = defineComponent({ setup: () => () => h("p", { class: "other" }, "other") });

/**
 * `view` picks Panel or Other, kept alive (or not); `generation` is a remount: the key of the Panel (`keyOn: "panel"`)
 * or of the KeepAlive itself (`keyOn: "keepAlive"`), with the KeepAlive's `max`.
 */
function host(options: UseAuthedSocketOptions, keepAlive: boolean, keyOn: "panel" | "keepAlive" = "panel", max?: number) {
  const view = ref<"panel" | "other" | "none">("panel");
  const generation = ref(0);
  const Host = defineComponent({
    setup: () => () => {
      if (view.value === "none") return h("div");
      const panelKey = keyOn === "panel" ? `panel-${generation.value}` : "panel";
      const child = view.value === "panel" ? h(Panel, { key: panelKey, url: fx.seed.url, options }) : h(Other, { key: "other" });
      const kept = () => h(KeepAlive, { key: keyOn === "keepAlive" ? generation.value : "kept", max }, [child]);
      return h("div", keepAlive ? [kept()] : [child]);
    },
  });
  return { view, generation, app: mount(Host) };
}

/**
 * Toggles the view away and back `times` times, remounting at each return; answers the peak of sockets active at
 * once (client side) and held by the server, sampled after each step.
 */
async function churn(view: { value: string }, generation: { value: number }, times: number, created: { active: boolean }[] = []) {
  let peak = 0;
  for (let i = 0; i < times; i++) {
    view.value = "other";
    await nextTick();
    view.value = "panel";
    generation.value++;
    await nextTick();
    peak = Math.max(peak, serverSockets(fx.seed), created.filter((socket) => socket.active).length);
  }
  return peak;
}

describe("Vue's constructs around useAuthedSocket", () => {
  it("a :key change remounts: the old connection closes, the new mount opens ONE; 20 remounts in a row leave one", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("kim");
    const counter = countingIo();
    const { generation, app } = host({ ...sessionOptions(session), io: counter.io }, false);
    await until(() => statuses(app.el).join() === "connected", "connected");
    const first = counter.created[0]!;
    generation.value++;
    await nextTick();
    expect(first.active).toBe(false);
    await until(() => statuses(app.el).join() === "connected" && counter.created.length === 2, "the new mount connected");
    // Remounts within one tick each: the throwaway mounts open nothing (the core starts a microtask later).
    for (let i = 0; i < 20; i++) {
      generation.value++;
      await nextTick();
    }
    await until(() => statuses(app.el).join() === "connected", "the last mount connected");
    await until(() => serverSockets(fx.seed) === 1, "one connection on the server");
    expect(counter.created.filter((s) => s.active)).toHaveLength(1);
    app.unmount();
    await until(() => serverSockets(fx.seed) === 0, "none after unmount");
  });

  it("<KeepAlive>: deactivating keeps the connection (the component is cached, not unmounted); reactivating reuses it; the KeepAlive's unmount closes it", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("lee");
    const counter = countingIo();
    const signals = browserSignals.listenerCount();
    events.length = 0;
    const { view, generation, app } = host({ ...sessionOptions(session), io: counter.io }, true);
    await until(() => statuses(app.el, ".panel").join() === "connected", "connected");
    const socket = counter.created[0]!;

    view.value = "other";
    await nextTick();
    expect(app.el.querySelector(".panel")).toBeNull();
    expect(events).toContain("deactivated");
    expect(socket.active).toBe(true);
    expect(serverSockets(fx.seed)).toBe(1);
    view.value = "panel";
    await nextTick();
    expect(events.at(-1)).toBe("activated");
    expect(statuses(app.el, ".panel")).toEqual(["connected"]);
    expect(app.el.querySelector(".panel")!.textContent).toBe(socket.id);
    expect(counter.created).toHaveLength(1);

    // A remount keyed on the panel INSIDE the KeepAlive makes a new cached instance per key: each keeps its own
    // connection open while it is cached (as documented). That is why the example keys the KeepAlive itself.
    await churn(view, generation, 3);
    await until(() => statuses(app.el, ".panel").join() === "connected", "the last panel connected");
    await until(() => serverSockets(fx.seed) === 4, "four cached panels, four connections");
    await until(() => statuses(app.el, ".panel").join() === "connected", "the last panel connected");
    // Leaving the KeepAlive (its parent renders none): every cached instance unmounts, every connection closes.
    view.value = "none";
    await nextTick();
    await until(() => serverSockets(fx.seed) === 0, "no connection after the KeepAlive unmounted");
    expect(counter.created.filter((s) => s.active)).toHaveLength(0);
    expect(browserSignals.listenerCount()).toBe(signals);
    app.unmount();
  });

  for (const [how, keyOn, max] of [["the KeepAlive's own key", "keepAlive", undefined], ["max: 1", "panel", 1]] as const) {
    it(`<KeepAlive> remounted through ${how}: many toggles and remounts leave at most one connection, and leaving leaves none`, async () => {
      const session = fakeSession(fx.issuer);
      await session.signIn(`kept-${keyOn}`);
      const counter = countingIo();
      const { view, generation, app } = host({ ...sessionOptions(session), io: counter.io }, true, keyOn, max);
      await until(() => statuses(app.el, ".panel").join() === "connected", "connected");
      let peak = 0;
      for (let round = 0; round < 3; round++) {
        peak = Math.max(peak, await churn(view, generation, 5, counter.created));
        await until(() => statuses(app.el, ".panel").join() === "connected", "the last panel connected");
        await until(() => serverSockets(fx.seed) === 1, "one connection on the server");
      }
      expect(peak).toBeLessThanOrEqual(1);
      expect(counter.created.filter((s) => s.active)).toHaveLength(1);
      // Kept alive, deactivated: still that one connection (with max: 1 the cached Other prunes the panel: none).
      view.value = "other";
      await nextTick();
      expect(counter.created.filter((s) => s.active)).toHaveLength(max === 1 ? 0 : 1);
      view.value = "none";
      await nextTick();
      expect(counter.created.filter((s) => s.active)).toHaveLength(0);
      await until(() => serverSockets(fx.seed) === 0, "none after leaving");
      app.unmount();
    });
  }

  it("<KeepAlive> with `enabled` following onActivated/onDeactivated (the documented way to close on hide): hiding closes, showing opens a new connection", async () => {
    const session = fakeSession(fx.issuer);
    await session.signIn("kept-enabled");
    const counter = countingIo();
    const Closing = defineComponent({
      setup() {
        const active = ref(true);
        onActivated(() => (active.value = true));
        onDeactivated(() => (active.value = false));
        const { status } = useAuthedSocket(fx.seed.url, () => ({ ...sessionOptions(session), io: counter.io, enabled: active.value }));
        return () => h("p", { class: "closing", "data-status": status.value });
      },
    });
    const shown = ref(true);
    const app = mount(defineComponent({ setup: () => () => h(KeepAlive, null, [shown.value ? h(Closing) : h(Other)]) }));
    await until(() => statuses(app.el, ".closing").join() === "connected", "connected");
    shown.value = false;
    await nextTick();
    expect(counter.created[0]!.active).toBe(false);
    shown.value = true;
    await nextTick();
    await until(() => statuses(app.el, ".closing").join() === "connected" && counter.created.length === 2, "connected again");
    app.unmount();
    expect(counter.created.filter((s) => s.active)).toHaveLength(0);
  });
});
