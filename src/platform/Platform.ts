/**
 * What the core needs of the platform it runs on, and nothing more: the moments worth looking at the session again,
 * and a way to the app's other instances that share its session. The browser's is `browserPlatform`; a platform
 * with neither (a server, a test) is `noPlatform`.
 */
export interface Platform {
  /**
   * Calls `look` at the platform's cheap moments to look at the session again (the browser: focus, the page becoming
   * visible, back online). Called when the first session listener registers; the stop it answers is called when the
   * last one leaves.
   */
  watch(look: () => void): () => void;
  /**
   * Opens a channel to the app's other instances (the browser: tabs of one origin, which share the session's
   * cookies), or answers undefined where there are none. `onMessage` gets what the others post.
   */
  openChannel(onMessage: (data: unknown) => void): PlatformChannel | undefined;
}

/** A channel to the app's other instances (a BroadcastChannel is one). */
export interface PlatformChannel {
  postMessage(data: string): void;
  close(): void;
}

/** A platform with no moments and no other instances. */
export const noPlatform: Platform = {
  watch: () => () => {},
  openChannel: () => undefined,
};
