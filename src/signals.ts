/**
 * What tells live handles that the session may have changed: SuperTokens' own events (forwarded by the app with
 * `handleSessionEvent`), the other tabs (a BroadcastChannel, since SuperTokens fires events only in the tab that
 * saw the change), and cheap moments to look again (focus, visibility, back online). Nothing here touches
 * `window` until a handle exists, so importing the package on a server is safe.
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
let channel: BroadcastChannel | undefined;
let releaseWindow: (() => void) | undefined;

const wantsOtherTabs = () => [...listeners.values()].includes(true);

function deliver(signal: SessionSignal, fromOtherTab = false): void {
  for (const [listener, crossTab] of [...listeners]) if (crossTab || !fromOtherTab) listener(signal);
}

/**
 * Tells the other tabs of this origin; they look again (their SDK reads the cookies this tab changed). A tab with no
 * live handle has no channel open, and still has news for the others: it posts through a channel of the moment. A
 * page whose live handles all said `crossTab: false` tells them nothing.
 */
function broadcast(signal: SessionSignal): void {
  if (typeof BroadcastChannel !== "function" || (listeners.size > 0 && !wantsOtherTabs())) return;
  try {
    const through = channel ?? new BroadcastChannel(CHANNEL);
    through.postMessage(signal);
    if (through !== channel) through.close();
  } catch {
    // An unsupported or closed channel: the other tabs still look again on focus.
  }
}

/** Opens what the listeners need and closes what none needs any more. */
function update(): void {
  if (wantsOtherTabs() && !channel && typeof BroadcastChannel === "function") {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = ({ data }: MessageEvent) => {
      // Tabs of one origin share the session's cookies: its end in one tab is its end here. Anything else is a
      // reason to look, and this tab's own SDK call decides.
      if (data === "signed-out" || data === "session-expired") deliver(data, true);
      else if (typeof data === "string") deliver("check", true);
    };
    // A Node process (tests, SSR) must not stay alive for a channel.
    (channel as { unref?: () => void }).unref?.();
  } else if (channel && !wantsOtherTabs()) {
    channel.close();
    channel = undefined;
  }
  if (listeners.size === 0) {
    releaseWindow?.();
    releaseWindow = undefined;
  } else if (!releaseWindow && typeof window !== "undefined" && typeof window.addEventListener === "function") {
    const look = () => deliver("check");
    const onVisibility = () => {
      if (document.visibilityState === "visible") look();
    };
    window.addEventListener("focus", look);
    window.addEventListener("online", look);
    document.addEventListener("visibilitychange", onVisibility);
    releaseWindow = () => {
      window.removeEventListener("focus", look);
      window.removeEventListener("online", look);
      document.removeEventListener("visibilitychange", onVisibility);
    };
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

/** Signals a change this tab saw to its handles and, through the channel, to the other tabs. */
export function signalSession(signal: SessionSignal): void {
  // The other tabs first: a handle that ends on this signal may be the last one, and close the channel.
  broadcast(signal);
  deliver(signal);
}

/**
 * Forwards a supertokens-web-js session event to every live handle (and to the other tabs). Pass it to
 * `Session.init({ onHandleEvent })`, or call it from the app's own handler.
 *
 * @example
 * Session.init({ onHandleEvent: (event) => { handleSessionEvent(event); myHandler(event); } });
 */
export function handleSessionEvent(event: SessionEventLike): void {
  switch (event.action) {
    case "REFRESH_SESSION":
    case "ACCESS_TOKEN_PAYLOAD_UPDATED":
      return signalSession("token-changed");
    case "SIGN_OUT":
      return signalSession("signed-out");
    case "UNAUTHORISED":
      return signalSession("session-expired");
    case "SESSION_CREATED":
      return signalSession("session-created");
  }
}
