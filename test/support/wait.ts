import { onTestFinished } from "vitest";
import type { AuthedSocket, AuthedSocketEvents } from "supertokens-socket";

/** Waits for `predicate` to hold, checking on every macrotask turn (never a fixed sleep); fails after `timeoutMs`. */
export async function until(predicate: () => boolean, label: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `until` for a predicate that must ask (another process, say): asked again on the next macrotask turn after each answer. */
export async function untilAsync(predicate: () => Promise<boolean>, label: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A logger that records a handle's debug lines. The handle says when the server's answer to its hello (in-place
 * re-authentication granted, or not) is in place, which nothing else shows from outside: `granted(n)` waits until
 * n connections have been granted it (one logger may serve several handles).
 */
export function debugLines(): { logger: { debug(line: string): void }; lines: string[]; granted(count?: number): Promise<void> } {
  const lines: string[] = [];
  return {
    logger: { debug: (line) => void lines.push(line) },
    lines,
    granted: (count = 1) =>
      until(() => lines.filter((l) => l.includes("takes tokens in place")).length >= count, "the server's grant of in-place re-authentication"),
  };
}

/**
 * The error a start that should fail fails with. One that succeeds instead is closed at once (nothing left open) and
 * given back, for the caller's assertion to fail on.
 */
export function failureOf(start: Promise<{ close(): void }>): Promise<unknown> {
  return start.then(
    (handle) => (handle.close(), handle),
    (error: unknown) => error,
  );
}

/** The next event `type` that matches, within `timeoutMs`. */
export function nextEvent<K extends keyof AuthedSocketEvents>(
  source: Pick<AuthedSocket, "on">,
  type: K,
  match: (event: AuthedSocketEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<AuthedSocketEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${String(type)}`));
    }, timeoutMs);
    const off = source.on(type, (event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/**
 * Counts the timers created from source files matching `from` (by stack) that are still pending: neither fired
 * nor cleared. Real timers: it only wraps setTimeout/clearTimeout to keep score.
 */
export function trackTimers(from: RegExp): { pending(): number; restore(): void } {
  const pending = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const mine = from.test(new Error().stack ?? "");
    const timer: unknown = realSet(
      (...a: unknown[]) => {
        pending.delete(timer);
        fn(...a);
      },
      ms,
      ...args,
    );
    if (mine) pending.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  const restore = () => {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  };
  // Restored after the test whatever happens, so a failed assertion cannot leave the wrapper in place.
  onTestFinished(restore);
  return { pending: () => pending.size, restore };
}

/** Resolves once the handle is in `status`: now, or at its next change to it. */
export function statusIs(
  handle: Pick<AuthedSocket, "on" | "status">,
  status: AuthedSocket["status"],
  timeoutMs = 10_000,
): Promise<void> {
  if (handle.status === status) return Promise.resolve();
  return nextEvent(handle, "status", (s) => s === status, timeoutMs).then(() => {});
}

/** Resolves once the handle is connected. */
export const connected = (handle: Pick<AuthedSocket, "on" | "status">, timeoutMs = 10_000): Promise<void> =>
  statusIs(handle, "connected", timeoutMs);
