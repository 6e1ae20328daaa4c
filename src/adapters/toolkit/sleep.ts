import { SourceError } from '../errors';

/** Waits `ms`, or rejects with a transient TG_SOURCE_ABORTED as soon as the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The error of a read cancelled through its signal. */
export function aborted(): SourceError {
  return new SourceError('transient', 'TG_SOURCE_ABORTED', 'the read was cancelled');
}

/** setTimeout as a promise that an abort cuts short; an already aborted signal rejects at once. */
export const sleep: Sleep = (ms, signal) => {
  if (signal?.aborted) return Promise.reject(aborted());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
};
