import type { Platform, PlatformChannel } from "../platform/Platform";

/**
 * What tells live handles that the session may have changed: SuperTokens' own events (forwarded by the app with
 * `handleSessionEvent`; its sign-out, as it starts, with `handlePreAPIHook`), the app's other instances (the
 * platform's channel: browser tabs, since SuperTokens fires events only in the tab that saw the change), and the
 * platform's cheap moments to look again (focus, visibility, back online). One bus per platform, made by its entry;
 * nothing touches the platform until a handle listens, so importing the package on a server is safe.
 */

/** What a handle is told; it decides what to do about it. */
export type SessionSignal =
  /** The token may have changed: compare it with the one in use. */
  | "token-changed"
  | "signed-out"
  | "session-expired"
  | "session-created"
  /** Nothing known: a cheap look (focus, online, another tab said something). */
  | "check";

export type SignalListener = (signal: SessionSignal) => void;

/** The shape of supertokens-web-js's `onHandleEvent` argument that matters here. */
export interface SessionEventLike {
  action: string;
  sessionExpiredOrRevoked?: boolean;
}

/** The session signals of one platform: what an entry exports, and what its handles listen to. */
export interface SignalBus {
  /**
   * Subscribes to session signals; `crossTab: false` hears nothing from the other tabs. The first subscriber that
   * wants them opens the platform's channel, the last one to leave closes it; likewise the platform's watch.
   * Returns the unsubscribe.
   */
  onSessionSignal(listener: SignalListener, options?: { crossTab?: boolean }): () => void;
  /**
   * Signals a change this tab saw to its handles and to the other tabs, which look again (their SDK reads the
   * cookies this tab changed). The channel is open exactly when some live listener hears the other tabs, so a page
   * whose live listeners all said `crossTab: false` tells them nothing; a tab with no listener has news for them all
   * the same, and posts through a channel of the moment.
   */
  signalSession(signal: SessionSignal): void;
  /**
   * Forwards a SuperTokens session event to every live handle (and to the other tabs). Pass it to
   * `Session.init({ onHandleEvent })`, or call it from the app's own handler.
   *
   * @example
   * Session.init({ onHandleEvent: (event) => { handleSessionEvent(event); myHandler(event); } });
   */
  handleSessionEvent(event: SessionEventLike): void;
  /**
   * Ends every live handle (and those of the other tabs) as the SDK starts signing out. The SDK fires `SIGN_OUT`
   * only once its sign-out request has been answered; until then it still refreshes the session and the server still
   * takes its token, so a handle told only by `SIGN_OUT` may refresh and reconnect behind the sign-out's back (a
   * rotation due, or the server ending its socket as it revokes the session). Pass it to `Session.init({ preAPIHook
   * })`: it answers the context unchanged, so the app's own hook can take it on. A sign-out that then fails leaves
   * the handles ended.
   *
   * @example
   * Session.init({ onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook });
   * Session.init({ onHandleEvent: handleSessionEvent, preAPIHook: (context) => handlePreAPIHook(context).then(myHook) });
   */
  handlePreAPIHook<C extends { action: string }>(context: C): Promise<C>;
  /** How many listeners are registered (for leak checks). */
  listenerCount(): number;
}

/** The session signals on `platform`. */
export function signalBus(platform: Platform): SignalBus {
  /** Each listener with its `crossTab`: whether it hears the other tabs. */
  const listeners = new Map<SignalListener, boolean>();
  /** The platform's watch while some listener listens; its channel while some listener hears the other tabs. */
  let stopWatch: (() => void) | undefined;
  let channel: PlatformChannel | undefined;

  const deliver = (signal: SessionSignal, fromOtherTab?: boolean) => {
    // A copy: a listener may subscribe or unsubscribe while it is told.
    for (const [listener, crossTab] of [...listeners]) if (crossTab || !fromOtherTab) listener(signal);
  };

  /** Opens what the listeners need and closes what none needs any more. */
  const update = () => {
    if (!listeners.size) stopWatch = void stopWatch?.();
    else stopWatch ??= platform.watch(() => deliver("check"));
    if (![...listeners.values()].includes(true)) channel = void channel?.close();
    else
      channel ??= platform.openChannel((data) => {
        // Tabs of one origin share the session's cookies: its end in one tab is its end here. Anything else is a
        // reason to look, and this tab's own SDK call decides.
        if (typeof data === "string") deliver(data === "signed-out" || data === "session-expired" ? data : "check", true);
      });
  };

  const signalSession = (signal: SessionSignal) => {
    // The other tabs first: a handle that ends on this signal may be the last one, and close the channel.
    try {
      if (channel) channel.postMessage(signal);
      else if (!listeners.size) {
        const moment = platform.openChannel(() => {});
        moment?.postMessage(signal);
        moment?.close();
      }
    } catch {
      // A closed channel: the other tabs still look again on focus.
    }
    deliver(signal);
  };

  return {
    onSessionSignal(listener, { crossTab = true } = {}) {
      listeners.set(listener, crossTab);
      update();
      return () => {
        listeners.delete(listener);
        update();
      };
    },
    signalSession,
    handleSessionEvent({ action }) {
      // supertokens-web-js's event actions and what each tells the handles; any other action (even "toString") tells nothing.
      const signal = new Map<string, SessionSignal>([
        ["REFRESH_SESSION", "token-changed"],
        ["ACCESS_TOKEN_PAYLOAD_UPDATED", "token-changed"],
        ["SIGN_OUT", "signed-out"],
        ["UNAUTHORISED", "session-expired"],
        ["SESSION_CREATED", "session-created"],
      ]).get(action);
      if (signal) signalSession(signal);
    },
    async handlePreAPIHook(context) {
      if (context.action === "SIGN_OUT") signalSession("signed-out");
      return context;
    },
    listenerCount: () => listeners.size,
  };
}
