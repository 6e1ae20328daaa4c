/**
 * API codes not in src/errors.ts yet; the error handler maps them like GatewayError. Kept here so the
 * status API can answer 409 without editing the shared catalogue.
 */
export const API_ERROR_CATALOG = {
  TG_CONFLICT: { status: 409, message: 'the request conflicts with the current state' },
  TG_PAYLOAD_TOO_LARGE: { status: 413, message: 'the request body is too large' },
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_CATALOG;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message?: string,
  ) {
    super(message ?? API_ERROR_CATALOG[code].message);
    this.name = 'ApiError';
    this.status = API_ERROR_CATALOG[code].status;
  }
}
