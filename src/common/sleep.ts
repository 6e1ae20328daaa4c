/**
 * setTimeout as a promise that an abort cuts short, rejecting with the caller's error; an already
 * aborted signal rejects at once.
 */
export function abortableSleep(ms: number, signal: AbortSignal | undefined, abortError: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
