/**
 * The gateway's error catalogue: a stable code, an HTTP status and a default message. The codes of
 * source failures and page errors follow below it.
 */
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

/**
 * Codes of failures talking to a source (SourceError, src/adapters/errors.ts), with what each
 * means. A code says what went wrong; the failure kind it is thrown with says what follows
 * (config: the stream stops; transient: retried; system: a defect).
 */
export const SOURCE_ERROR_CATALOG = {
  TG_SOURCE_ABORTED: 'the read was cancelled (the pull ended or its time budget ran out)',
  TG_SOURCE_TIMEOUT: 'no complete answer within timeoutMs',
  TG_SOURCE_NETWORK: 'the connection to the source failed or was reset',
  TG_HOST_NOT_ALLOWED: 'the host is not in allowedHosts, or resolves only to addresses that are not allowed',
  TG_SOURCE_AUTH: 'the source refused the credentials, or a credential cannot be read',
  TG_SOURCE_BAD_CREDENTIALS: 'the source refused the declared credentials (provincial appId/appSecret)',
  TG_SOURCE_TOKEN_REJECTED: 'the source refused an access token it had just issued',
  TG_SOURCE_AUTH_UNAVAILABLE: 'no access token could be obtained',
  TG_SOURCE_FORBIDDEN: 'the credentials are not authorised for this stream',
  TG_SOURCE_BAD_REQUEST: 'the source refused the request as malformed',
  TG_SOURCE_NOT_FOUND: 'the source does not know the endpoint or export; check baseUrl',
  TG_SOURCE_RECORD_NOT_FOUND: 'a looked-up record does not exist at the source',
  TG_SOURCE_RATE_LIMITED: 'the source answered 429: too many requests',
  TG_SOURCE_UNAVAILABLE: 'the source is unavailable or in maintenance',
  TG_SOURCE_SERVER_ERROR: 'the source answered a server error',
  TG_SOURCE_UNEXPECTED_STATUS: 'the source answered a status its specification does not list',
  TG_SOURCE_CURSOR_EXPIRED: 'the source no longer knows the query cursor',
  TG_SOURCE_BAD_CURSOR: 'a stored cursor is not of the shape this kind writes',
  TG_SOURCE_BAD_POSITION: 'a cursor, backfill bound or startFrom is not a position of the source',
  TG_SOURCE_BAD_TIME: 'a time of the declaration or the request cannot be read',
  TG_SOURCE_UNKNOWN_STREAM: 'the kind has no such stream',
  TG_SOURCE_NO_LOOKUP: 'the kind cannot look up records of this stream',
  TG_MVTS_LOGIN_FAILED: 'mvts Login refused (1002): unknown node code or wrong password',
  TG_MVTS_ACCOUNT_LOCKED: 'mvts Login refused (1003): the account is locked at the source',
  TG_MVTS_TOKEN_REJECTED: 'mvts refused fresh session tokens (1001) again and again',
  TG_MVTS_PARAMETER_ERROR: 'mvts refused a parameter of the request (2001)',
  TG_MVTS_BUSY: 'mvts is busy (9999)',
  TG_MVTS_BAD_TIME: 'a time of the declaration or the request is not a Beijing time mvts can use',
  TG_MVTS_BAD_CURSOR: 'a stored mvts cursor is not {windowEnd}',
  TG_MVTS_UNKNOWN_STREAM: 'mvts has no such record type',
  TG_MVTS_WINDOW_UNSTABLE:
    "an UploadTime window's records kept moving while it was read (TotalCount changed, or a record was re-uploaded into it)",
} as const;

/** mvts answers other than 200 keep their status in the code: `TG_MVTS_HTTP_503`. */
export type MvtsHttpErrorCode = `TG_MVTS_HTTP_${number}`;

/** A source failure's code: one of the catalogue, an mvts HTTP status, or a missing secret. */
export type SourceErrorCode = keyof typeof SOURCE_ERROR_CATALOG | MvtsHttpErrorCode | Extract<ErrorCode, 'TG_CONFIG_SECRET_MISSING'>;

/** Whole-response failures of source-subsystems §5.8, named as the specification names them: nothing of the page is staged. */
export const PAGE_ERROR_CATALOG = {
  MALFORMED_BODY: 'JSON or XML syntax error, CSV quoting error, a missing column, or fewer rows than announced: usually a truncated body',
  UNDECODABLE_BODY: 'bytes invalid in the resolved charset',
  BODY_TOO_LARGE: "body over the adapter's configured maximum",
  UNEXPECTED_RESPONSE: 'a success status with a body that is not the documented envelope',
} as const;

export type PageErrorCode = keyof typeof PAGE_ERROR_CATALOG;

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
