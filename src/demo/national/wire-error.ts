/** A whole-request error of national §3.2, as the mock answers it. */
export interface WireError {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export function wireError(status: number, code: string, message: string, retryAfterSeconds?: number): WireError {
  return retryAfterSeconds === undefined ? { status, code, message } : { status, code, message, retryAfterSeconds };
}
