import type { Platform } from "./Platform";

const CHANNEL = "supertokens-socket";

/**
 * The browser: focus, the page becoming visible (not hidden) and back online are cheap moments to look again; the
 * other tabs of the origin are reached by a BroadcastChannel (SuperTokens fires its events only in the tab that saw
 * the change). Nothing is touched before the first handle listens, so importing the package on a server is safe;
 * without a `window` (a server, a worker) there are no moments, without BroadcastChannel no other tabs.
 */
export const browserPlatform: Platform = {
  watch(look) {
    if (typeof globalThis.window?.addEventListener !== "function") return () => {};
    const onEvent = ({ type }: Event) => {
      if (type !== "visibilitychange" || document.visibilityState === "visible") look();
    };
    const toggle = (method: "addEventListener" | "removeEventListener") => {
      window[method]("focus", onEvent);
      window[method]("online", onEvent);
      document[method]("visibilitychange", onEvent);
    };
    toggle("addEventListener");
    return () => toggle("removeEventListener");
  },
  openChannel(onMessage) {
    if (typeof BroadcastChannel !== "function") return undefined;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = ({ data }: MessageEvent) => onMessage(data);
    // A Node process (tests, SSR) must not stay alive for a channel.
    (channel as { unref?: () => void }).unref?.();
    return channel;
  },
};
