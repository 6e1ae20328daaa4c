export interface CachedRead<T> {
  (): Promise<T>;
  /** Forgets the shared read (after a change an operator expects to see at once). */
  invalidate(): void;
}

/**
 * Coalesces status reads: callers within `maxAgeMs` of the last read share it, so dashboards polling
 * every few seconds cost one set of GROUP BY queries, not one per open page.
 */
export function cachedRead<T>(read: () => Promise<T>, maxAgeMs: number, now: () => number = Date.now): CachedRead<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  const get = (() => {
    const t = now();
    if (last && t - last.at < maxAgeMs) return last.value;
    const value = read();
    last = { at: t, value };
    value.catch(() => {
      if (last?.value === value) last = null;
    });
    return value;
  }) as CachedRead<T>;
  get.invalidate = () => {
    last = null;
  };
  return get;
}
