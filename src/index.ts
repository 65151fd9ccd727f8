// The `supertokens-socket` entry: the core with supertokens-web-js's session functions and the browser's signals.
import type { DefaultEventsMap, EventsMap } from "@socket.io/component-emitter";
import { createAuthedSocket as create, type AuthedSocket } from "./core/createAuthedSocket";
import type { Environment } from "./core/environment";
import { followSession as follow, type SessionSocket } from "./core/followSession";
import type { AuthedSocketOptions } from "./core/options";
import { browserSignals } from "./platform/browserSignals";
import { webJsSession } from "./sessions/webJs";

const env: Environment = { session: webJsSession, signals: browserSignals };

/**
 * Gets the session's access token and opens a socket.io connection with it, then keeps the connection on a valid
 * token for as long as the session lives. The session functions default to supertokens-web-js's.
 *
 * @throws {NotLoggedInError} there is no session; no connection is opened.
 * @throws {AuthedSocketError} `REFRESH_FAILED` (the session could not be refreshed: backend or network),
 *   `TOKEN_NOT_EXPOSED` (a session exists but its token is not readable), `INVALID_OPTIONS` (bad options, or
 *   supertokens-web-js not set up where this package reads it: the message names the fix).
 * @throws {DOMException} `AbortError` (an Error of that name where there is no DOMException, as on Hermes):
 *   `options.signal` was aborted before the handle was ready; nothing is open.
 */
export function createAuthedSocket<S extends EventsMap = DefaultEventsMap, C extends EventsMap = S>(
  url: string,
  options?: AuthedSocketOptions,
): Promise<AuthedSocket<S, C>> {
  return create<S, C>(url, options, env);
}

/**
 * Follows the session with `createAuthedSocket(url, options)`: starts at once if there is a session, otherwise (and
 * after every sign-out) waits for one (`SESSION_CREATED`, another tab, a focus that finds one) and starts again.
 * A start that failed (`REFRESH_FAILED`, say) is tried again at the next session signal; one that found a setup
 * mistake (`INVALID_OPTIONS`) is not. A handle that ended `closed` (the app closed its socket, or reconnecting gave
 * up: see its `error`) stays closed until a new follower. `options` may be a function, read at each start; its
 * `signal` stops the follower. The first start waits a microtask, so a follower closed in the same tick (React
 * StrictMode's throwaway effect) opens nothing. What the UI bindings adapt.
 */
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
