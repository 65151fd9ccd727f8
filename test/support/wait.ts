/** Waits for `predicate` to hold, checking on every macrotask turn (never a fixed sleep); fails after `timeoutMs`. */
export async function until(predicate: () => boolean, label: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface On<E> {
  on<K extends keyof E>(type: K, handler: (event: E[K]) => void): () => void;
}

/** The next event `type` that matches, within `timeoutMs`. */
export function nextEvent<E, K extends keyof E>(
  source: On<E>,
  type: K,
  match: (event: E[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<E[K]> {
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

/** Active timers of this process (setTimeout/setInterval), for leak checks. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}
