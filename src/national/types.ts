export const NATIONAL_INTERFACES = [
  'subjects',
  'batches',
  'inspections',
  'certificates',
  'slaughter',
  'entries',
  'trades',
  'transports',
] as const;

export type NationalInterface = (typeof NATIONAL_INTERFACES)[number];

export function isNationalInterface(value: string): value is NationalInterface {
  return (NATIONAL_INTERFACES as readonly string[]).includes(value);
}

/** Per-record error codes of national §3.3. */
export type NationalRecordErrorCode = 'E4001' | 'E4002' | 'E4003' | 'E4004' | 'E4005' | 'E4006' | 'E4009' | 'E2005';

/** One error as the platform reports it inside a receipt result. */
export interface NationalError {
  code: NationalRecordErrorCode;
  /** JSON pointer into the record, e.g. `/items/0/result`. */
  path: string;
  message: string;
}

export type SignMethod = 'HMAC-SHA256' | 'HMAC-SM3';

/** A national record as sent: common fields plus the interface's own. */
export type NationalRecord = Record<string, unknown> & {
  recordId: string;
  version: number;
  regionCode: string;
  sourceSystem: string;
  reportedAt: string;
};

export type RecordStatus = 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';

export interface ReceiptResult {
  index: number;
  recordId: string;
  status: RecordStatus;
  errors?: NationalError[];
}

export interface Receipt {
  code: '0';
  message: string;
  receiptId: string;
  batchId: string;
  accepted: number;
  duplicate: number;
  rejected: number;
  results: ReceiptResult[];
}
