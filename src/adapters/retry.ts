import { PageError, SourceError } from './errors';

function aborted(): SourceError {
  return new SourceError('transient', 'TG_SOURCE_ABORTED', 'the read was cancelled');
}

/** Waits `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
}

/**
 * Transient failures are retried within one read: 5xx, 429, timeouts, network errors and every
 * page error but BODY_TOO_LARGE (the same request gives the same size). Config and system failures
 * and a cancelled read are not.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PageError) return err.code !== 'BODY_TOO_LARGE';
  if (err instanceof SourceError) return err.failure === 'transient' && err.code !== 'TG_SOURCE_ABORTED';
  return false;
}
