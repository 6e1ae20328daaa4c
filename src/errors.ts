/** The gateway's own error catalogue: a stable code, an HTTP status and a default message. */
export const ERROR_CATALOG = {
  TG_CONFIG_INVALID: { status: 500, message: 'configuration is invalid' },
  TG_CONFIG_SECRET_MISSING: { status: 500, message: 'a referenced secret is not set' },
  TG_ADAPTER_INVALID: { status: 400, message: 'adapter declaration is invalid' },
  TG_ADAPTER_NOT_FOUND: { status: 404, message: 'adapter not found' },
  TG_ADAPTER_EXISTS: { status: 409, message: 'an adapter with this id exists' },
  TG_DB_UNAVAILABLE: { status: 503, message: 'database is unavailable' },
  TG_DB_PORT_BUSY: { status: 500, message: 'the embedded database port is in use' },
  TG_AUTH_REQUIRED: { status: 401, message: 'a bearer token is required' },
  TG_AUTH_INVALID: { status: 401, message: 'the token is unknown or revoked' },
  TG_ADMIN_TOKEN_REFUSED: { status: 500, message: 'ADMIN_TOKEN cannot be installed' },
  TG_AUTH_EXPIRED: { status: 401, message: 'the token has expired' },
  TG_AUTH_FORBIDDEN: { status: 403, message: 'the token role does not allow this' },
  TG_REQUEST_INVALID: { status: 400, message: 'the request is invalid' },
  TG_NOT_FOUND: { status: 404, message: 'not found' },
  TG_CONFLICT: { status: 409, message: 'the request conflicts with the current state' },
  TG_PAYLOAD_TOO_LARGE: { status: 413, message: 'the request body is too large' },
  TG_RATE_LIMITED: { status: 429, message: 'too many requests; try again later' },
  TG_INTERNAL: { status: 500, message: 'internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export class GatewayError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_CATALOG[code].message);
    this.name = 'GatewayError';
    this.status = ERROR_CATALOG[code].status;
  }
}
