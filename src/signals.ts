/**
 * What tells live handles that the session may have changed: SuperTokens' own events (forwarded by the app with
 * `handleSessionEvent`; its sign-out, as it starts, with `handlePreAPIHook`), the other tabs (a BroadcastChannel,
 * since SuperTokens fires events only in the tab that saw the change), and cheap moments to look again (focus,
 * visibility, back online). Nothing here touches `window` until a handle exists, so importing the package on a
 * server is safe.
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

const CHANNEL = "supertokens-socket";
/** Each listener with its `crossTab`: whether it hears the other tabs. */
const listeners = new Map<SignalListener, boolean>();
/** Open while some listener hears the other tabs (and the runtime has BroadcastChannel). */
let channel: BroadcastChannel | undefined;

function deliver(signal: SessionSignal, fromOtherTab?: boolean): void {
  // A copy: a listener may subscribe or unsubscribe while it is told.
  for (const [listener, crossTab] of [...listeners]) if (crossTab || !fromOtherTab) listener(signal);
}

/** Focus and back online are cheap moments to look again; so is the page becoming visible, not hidden. */
const look = ({ type }: Event) => {
  if (type !== "visibilitychange" || document.visibilityState === "visible") deliver("check");
};

/** Opens what the listeners need and closes what none needs any more. */
function update(): void {
  if (![...listeners.values()].includes(true)) {
    channel?.close();
    channel = undefined;
  } else if (!channel && typeof BroadcastChannel === "function") {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = ({ data }: MessageEvent) => {
      // Tabs of one origin share the session's cookies: its end in one tab is its end here. Anything else is a
      // reason to look, and this tab's own SDK call decides.
      if (typeof data === "string") deliver(data === "signed-out" || data === "session-expired" ? data : "check", true);
    };
    // A Node process (tests, SSR) must not stay alive for a channel.
    (channel as { unref?: () => void }).unref?.();
  }
  if (typeof globalThis.window?.addEventListener === "function") {
    // One module-level handler: adding it again is a no-op (the DOM ignores a duplicate), so no state is kept.
    // Never called before the first listener, so importing touches nothing.
    const method = listeners.size ? "addEventListener" : "removeEventListener";
    window[method]("focus", look);
    window[method]("online", look);
    document[method]("visibilitychange", look);
  }
}

/**
 * Subscribes to session signals; `crossTab: false` hears nothing from the other tabs. The first subscriber that
 * wants them opens the cross-tab channel, the last one to leave closes it; likewise the window listeners. Returns
 * the unsubscribe.
 */
export function onSessionSignal(listener: SignalListener, { crossTab = true } = {}): () => void {
  listeners.set(listener, crossTab);
  update();
  return () => {
    listeners.delete(listener);
    update();
  };
}

/** How many listeners are registered (for leak checks). */
export function sessionSignalListenerCount(): number {
  return listeners.size;
}

/**
 * Signals a change this tab saw to its handles and to the other tabs, which look again (their SDK reads the cookies
 * this tab changed). The channel is open exactly when some live listener hears the other tabs, so a page whose live
 * listeners all said `crossTab: false` tells them nothing; a tab with no listener has news for them all the same, and
 * posts through a channel of the moment.
 */
export function signalSession(signal: SessionSignal): void {
  // The other tabs first: a handle that ends on this signal may be the last one, and close the channel.
  try {
    if (channel) channel.postMessage(signal);
    else if (!listeners.size) {
      const moment = new BroadcastChannel(CHANNEL);
      moment.postMessage(signal);
      moment.close();
    }
  } catch {
    // No BroadcastChannel here, or a closed one: the other tabs still look again on focus.
  }
  deliver(signal);
}

/**
 * Forwards a supertokens-web-js session event to every live handle (and to the other tabs). Pass it to
 * `Session.init({ onHandleEvent })`, or call it from the app's own handler.
 *
 * @example
 * Session.init({ onHandleEvent: (event) => { handleSessionEvent(event); myHandler(event); } });
 */
export function handleSessionEvent({ action }: SessionEventLike): void {
  // supertokens-web-js's event actions and what each tells the handles; any other action (even "toString") tells nothing.
  const signal = new Map<string, SessionSignal>([
    ["REFRESH_SESSION", "token-changed"],
    ["ACCESS_TOKEN_PAYLOAD_UPDATED", "token-changed"],
    ["SIGN_OUT", "signed-out"],
    ["UNAUTHORISED", "session-expired"],
    ["SESSION_CREATED", "session-created"],
  ]).get(action);
  if (signal) signalSession(signal);
}

/**
 * Ends every live handle (and those of the other tabs) as the SDK starts signing out. The SDK fires `SIGN_OUT` only
 * once its sign-out request has been answered; until then it still refreshes the session and the server still takes
 * its token, so a handle told only by `SIGN_OUT` may refresh and reconnect behind the sign-out's back (a rotation due,
 * or the server ending its socket as it revokes the session). Pass it to `Session.init({ preAPIHook })`: it answers
 * the context unchanged, so the app's own hook can take it on. A sign-out that then fails leaves the handles ended.
 *
 * @example
 * Session.init({ onHandleEvent: handleSessionEvent, preAPIHook: handlePreAPIHook });
 * Session.init({ onHandleEvent: handleSessionEvent, preAPIHook: (context) => handlePreAPIHook(context).then(myHook) });
 */
export async function handlePreAPIHook<C extends { action: string }>(context: C): Promise<C> {
  if (context.action === "SIGN_OUT") signalSession("signed-out");
  return context;
}
