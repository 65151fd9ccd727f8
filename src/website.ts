// The `supertokens-socket/website` entry: the core with supertokens-website's session functions and the browser's
// signals, for apps on supertokens-website alone (their bundle holds no supertokens-web-js).
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { createAuthedSocket as create, type AuthedSocket } from "./core/createAuthedSocket";
import type { Environment } from "./core/environment";
import { followSession as follow, type SessionSocket } from "./core/followSession";
import type { AuthedSocketOptions } from "./core/options";
import { browserSignals } from "./platform/browserSignals";
import { websiteSession } from "./sessions/website";

const env: Environment = { session: websiteSession, signals: browserSignals };

/** `supertokens-socket`'s `createAuthedSocket`, its session functions defaulting to supertokens-website's. */
export function createAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options?: AuthedSocketOptions,
): Promise<AuthedSocket<S, C>> {
  return create<S, C>(url, options, env);
}

/** `supertokens-socket`'s `followSession` (what the UI bindings adapt), on supertokens-website's session. */
export function followSession<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options?: AuthedSocketOptions | (() => AuthedSocketOptions),
): SessionSocket<S, C> {
  return follow<S, C>(url, options, env);
}

/** {@inheritDoc SignalBus.handleSessionEvent} */
export const handleSessionEvent = browserSignals.handleSessionEvent;
/** {@inheritDoc SignalBus.handlePreAPIHook} */
export const handlePreAPIHook = browserSignals.handlePreAPIHook;
/** {@inheritDoc SignalBus.onSessionSignal} */
export const onSessionSignal = browserSignals.onSessionSignal;
export * from "./core/exports";
