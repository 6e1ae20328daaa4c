import type { PageErrorCode, SourceErrorCode } from '../errors';

export type { PageErrorCode, SourceErrorCode } from '../errors';

/** How a failure is handled: see SourceError. */
export type FailureKind = 'config' | 'transient' | 'system';

export class PageError extends Error {
  readonly failure: FailureKind = 'transient';
  constructor(
    readonly code: PageErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'PageError';
  }
}

/**
 * A failure talking to a source. `config` stops the stream and alerts (bad credentials, 403, 1002);
 * `transient` is retried with backoff (5xx, 429, timeouts); `system` is a defect.
 */
export class SourceError extends Error {
  constructor(
    readonly failure: FailureKind,
    readonly code: SourceErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'SourceError';
  }
}

/** Raised when an outbound call would reach a host the instance does not allow. */
export class HostNotAllowedError extends SourceError {
  constructor(message: string) {
    super('config', 'TG_HOST_NOT_ALLOWED', message);
    this.name = 'HostNotAllowedError';
  }
}
