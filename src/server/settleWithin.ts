/**
 * `work`, or a rejection with `late()` once `ms` have passed without it settling; the timer is released either way.
 * A settlement of `work` after that is left to whoever handles `work` itself.
 */
export function settleWithin<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
