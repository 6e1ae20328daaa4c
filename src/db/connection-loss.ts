import type { Logger } from '../log';

const LOST_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const LOST_CONNECTION_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether an error says the database server is out of reach (refused, reset, terminated, shutting down
 * or recovering: SQLSTATE class 08 and 57P01–57P03), as opposed to a failing statement.
 */
export function isConnectionLoss(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  if (LOST_CONNECTION_CODES.has(code)) return true;
  if (typeof e.message === 'string' && LOST_CONNECTION_MESSAGES.test(e.message)) return true;
  // A connect to a name with several addresses fails with an AggregateError of each attempt.
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isConnectionLoss);
}

/**
 * pg-boss 10 completes and fails jobs without awaiting the statement (manager.js, `watch`): when the
 * database is lost at that moment the rejection is unhandled, and Node ends the process. The gateway
 * settles each job itself as well (src/jobs/settle.ts), and a job left `active` runs again after its
 * expiry, so such a loss is logged and the process carries on. Any other unhandled rejection still ends
 * the process as before. Returns a function that removes the guard.
 */
export function guardConnectionLossRejections(log: Logger): () => void {
  const limit = connectionLossLimiter();
  const onRejection = (reason: unknown) => {
    if (!isConnectionLoss(reason)) throw reason;
    limit(reason, (suppressed) =>
      log.warn('a job queue statement was lost with the database connection', {
        event: 'db:statement-lost',
        error: (reason as Error).message,
        ...(suppressed ? { suppressed } : {}),
      }),
    );
  };
  process.on('unhandledRejection', onRejection);
  return () => process.removeListener('unhandledRejection', onRejection);
}

/**
 * Logs an error at most once per `everyMs` while the database is unreachable, with the number of like
 * errors left out since, so an outage does not flood the log with one line per poll of every worker.
 */
export function connectionLossLimiter(
  everyMs = 30_000,
  now: () => number = Date.now,
): (err: unknown, write: (suppressed: number) => void) => void {
  let lastAt = -Infinity;
  let suppressed = 0;
  return (err, write) => {
    if (!isConnectionLoss(err)) return write(0);
    if (now() - lastAt < everyMs) {
      suppressed++;
      return;
    }
    lastAt = now();
    write(suppressed);
    suppressed = 0;
  };
}
