import type { Receipt } from './types';

/**
 * What one call to the national platform produced, before any decision is taken.
 * `error` covers every non-200 answer (and a 200 that is not what the endpoint promises);
 * `network` covers everything that produced no HTTP answer at all.
 */
export type NationalAnswer =
  | { kind: 'receipt'; status: 200; receipt: Receipt }
  | { kind: 'ok'; status: 200; body: unknown }
  | { kind: 'error'; status: number; code: string; message: string; retryAfterMs?: number }
  | { kind: 'network'; error: string; timedOut: boolean };

/** Code given to an answer that carries no national `code` of its own. */
export const NO_CODE = 'TG_NATIONAL_NO_CODE';
/** Code given to a 200 whose body is not the documented shape. */
export const BAD_RESPONSE = 'TG_NATIONAL_BAD_RESPONSE';
