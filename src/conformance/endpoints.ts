import { NATIONAL_INTERFACES } from '../national/types';
import type { Endpoint } from './types';

/** The endpoints in report order: the eight uploads, the unknown interface, then the four queries, then the notices of §8. */
export const ENDPOINTS: readonly Endpoint[] = [
  ...NATIONAL_INTERFACES.map((i): Endpoint => `POST /${i}/batch`),
  'POST /{unknown}/batch',
  'GET /receipts/{receiptId}',
  'GET /{interface}/records/{recordId}',
  'GET /stats',
  'GET /codelists/{name}',
  'GET /notices',
  'GET /notices/{noticeId}',
  'POST /notices/{noticeId}/responses',
  'POST /notices',
];
