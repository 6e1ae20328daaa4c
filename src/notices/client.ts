import type { NationalAnswer } from '../national/answer';
import type { NoticeResponseBody, RaiseNoticeBody } from '../national/notices';

/** The §8 calls of the national client that cases use (signed and rate-limited like every call). */
export interface NoticesClient {
  noticeFeed(after: string | undefined, limit: number): Promise<NationalAnswer>;
  respondToNotice(noticeId: string, body: NoticeResponseBody): Promise<NationalAnswer>;
  raiseNotice(body: RaiseNoticeBody): Promise<NationalAnswer>;
}

/** One line for logs and stored errors. */
export function describeAnswer(a: NationalAnswer): string {
  switch (a.kind) {
    case 'ok':
    case 'receipt':
      return `HTTP ${a.status}`;
    case 'network':
      return a.timedOut ? 'timed out' : `network error: ${a.error}`;
    case 'error': {
      const errors = (a as { errors?: Array<{ code: string; path: string; message: string }> }).errors;
      const detail = errors?.length
        ? ` (${errors
            .slice(0, 5)
            .map((e) => `${e.code} ${e.path} ${e.message}`)
            .join('; ')})`
        : '';
      return `HTTP ${a.status} ${a.code} ${a.message}${detail}`;
    }
  }
}
