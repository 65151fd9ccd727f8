import type { EventsMap } from "@socket.io/component-emitter";
import type { AuthedSocketEvents, AuthedSocketSnapshot, FollowSession, SessionSocket } from "supertokens-socket";
import type { BindingOptions, BindingStatus } from "./bindingOptions";
import { connectionKey } from "./connectionKey";

/** What a binding shows: the live handle's snapshot, or its own status before there is one. */
export type BindingSnapshot = Omit<AuthedSocketSnapshot<EventsMap, EventsMap>, "status"> & { status: BindingStatus };
const IDLE: BindingSnapshot = { status: "idle", socket: undefined, error: undefined };
export const CONNECTING: BindingSnapshot = { status: "connecting", socket: undefined, error: undefined };

type Handler = { type: keyof AuthedSocketEvents; handler: (event: never) => void; off?: () => void };

/**
 * What the Vue, Angular and Svelte bindings share: one `followSession` at a time for the latest url and options,
 * replaced only when their connection key changes, its snapshot handed to `show`, and lifecycle handlers that stay
 * subscribed to whichever follower is live. The binding says when to `update` and `close`, in its framework's terms.
 * Where `follows` is false (a server render) it follows nothing and shows "connecting" (or "idle"). `followSession`
 * is the entry's the binding was given (its SDK's): the binding imports none.
 */
export function bindingFollower<S extends EventsMap, C extends EventsMap>(
  followSession: FollowSession,
  show: (snapshot: BindingSnapshot) => void,
  follows: boolean,
) {
  const handlers = new Set<Handler>();
  let follower: SessionSocket<S, C> | undefined;
  let key: string | undefined;
  const end = () => {
    follower?.close();
    follower = undefined;
  };
  return {
    /**
     * Follows `url` with the options `read` answers (read now for the key, and again by the core at each start, so
     * the latest functions are used), unless the key is the one followed already.
     */
    update(url: string, read: () => BindingOptions): void {
      const latest = read();
      const next = latest.enabled === false ? "" : connectionKey(url, latest);
      if (next === key) return;
      key = next;
      end();
      if (next && follows) {
        const session = (follower = followSession<S, C>(url, () => {
          const { enabled: _enabled, ...core } = read();
          return core;
        }));
        session.subscribe(() => show(session.getSnapshot() as BindingSnapshot));
        for (const entry of handlers) entry.off = session.on(entry.type, entry.handler as never);
      }
      show(follower ? (follower.getSnapshot() as BindingSnapshot) : next ? CONNECTING : IDLE);
    },
    /** Closes the follower; the next `update` follows again. `forget` also drops the handlers (the binding's end). */
    close(forget = false): void {
      end();
      key = undefined;
      if (forget) handlers.clear();
    },
    rotate: () => follower?.rotate(),
    on<K extends keyof AuthedSocketEvents>(type: K, handler: (event: AuthedSocketEvents[K]) => void): () => void {
      const entry: Handler = { type, handler: handler as (event: never) => void, off: follower?.on(type, handler) };
      handlers.add(entry);
      return () => {
        handlers.delete(entry);
        entry.off?.();
      };
    },
  };
}
