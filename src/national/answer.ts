import type { NoticeFieldError } from './notices';
import type { Receipt } from './types';

/**
 * What one call to the national platform produced, before any decision is taken.
 * `error` covers every non-success answer (and a success that is not what the endpoint promises);
 * `network` covers everything that produced no HTTP answer at all. `ok` carries the body, read into
 * the endpoint's shape where the client checks one (`T`). A 422 `E4000` (§8.4) lists its field
 * errors in `errors`; so does a success whose body fails the client's checks (e.g. a malformed notice).
 */
export type NationalAnswer<T = unknown> =
  | { kind: 'receipt'; status: 200; receipt: Receipt }
  | { kind: 'ok'; status: 200 | 201; body: T }
  | { kind: 'error'; status: number; code: string; message: string; retryAfterMs?: number; errors?: NoticeFieldError[] }
  | { kind: 'network'; error: string; timedOut: boolean };

/** Code given to an answer that carries no national `code` of its own. */
export const NO_CODE = 'TG_NATIONAL_NO_CODE';
/** Code given to a 200 whose body is not the documented shape. */
export const BAD_RESPONSE = 'TG_NATIONAL_BAD_RESPONSE';
