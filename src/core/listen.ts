import type { Emitter } from "mitt";
import type { AuthedSocketEvents } from "./events";

/** Reports an error without letting it change the caller's path (an app's listener, a fault): as the page reports any. */
export function rethrow(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (report) report(error);
  else
    setTimeout(() => {
      throw error;
    });
}

/**
 * Adds an app's listener to a lifecycle event. One that throws is reported as the page reports any, and changes
 * nothing for the emitter or the other listeners. Returns the unsubscribe.
 */
export function listen<K extends keyof AuthedSocketEvents>(
  emitter: Emitter<AuthedSocketEvents>,
  type: K,
  handler: (event: AuthedSocketEvents[K]) => void,
): () => void {
  const safe = (event: AuthedSocketEvents[K]) => {
    try {
      handler(event);
    } catch (error) {
      rethrow(error);
    }
  };
  emitter.on(type, safe);
  return () => emitter.off(type, safe);
}
