import { SourceError } from '../errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise that an abort cuts short with a transient TG_SOURCE_ABORTED. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function aborted(): SourceError {
  return new SourceError('transient', 'TG_SOURCE_ABORTED', 'the read was cancelled');
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with equal jitter: attempt 1 → about base, 2 → about 2×base, … capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

/** Spaces requests to at most `perSecond` (§2.6: 10 per second per appId, all endpoints together). */
export class Pacer {
  private next = 0;

  constructor(
    private readonly perSecond: number,
    private readonly sleep: Sleep,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async wait(signal?: AbortSignal): Promise<void> {
    if (this.perSecond <= 0) return;
    const now = this.clock();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    if (slot > now) await this.sleep(slot - now, signal);
  }
}
