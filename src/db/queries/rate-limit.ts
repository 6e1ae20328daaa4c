import type { Queryable } from '../pool';

/** A slot reserved in the shared request window of one credential. */
export interface RateSlot {
  /** When the request may leave, by the database's clock (now, or later when the window is busy). */
  at: Date;
  /** The database's clock when the slot was reserved. */
  now: Date;
}

/**
 * Reserves the earliest slot of the window of `key` (`rate_limit_log`) under an advisory lock per
 * key: the first moment at which the last `windowMs` hold fewer than `limit` requests, and, once the
 * window is half full, at least windowMs ÷ limit after the newest reservation. Reservations may lie
 * in the future; a caller waits until its own.
 *
 * One round trip and one transaction: the function `reserve_rate_slot` (migration 0134) takes the
 * lock, prunes, reserves and answers (every request to the platform waits for it).
 */
export async function reserveRateSlot(db: Queryable, key: string, limit: number, windowMs: number): Promise<RateSlot> {
  if (!Number.isInteger(limit) || limit < 1 || !Number.isFinite(windowMs) || windowMs <= 0) {
    throw new Error(
      `rate limit ${limit} per ${windowMs} ms: the limit must be a whole number of 1 or more and the window a positive number`,
    );
  }
  const r = await db.query({
    name: 'rate-slot',
    text: 'SELECT at, now FROM reserve_rate_slot($1, $2, $3)',
    values: [key, limit, windowMs / 1000],
  });
  return r.rows[0] as RateSlot;
}
