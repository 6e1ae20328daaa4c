import { createNoticeValidator } from './notice-validate';
import type {
  MalformedNotice,
  Notice,
  NoticeDetail,
  NoticeFeedPage,
  NoticeFieldError,
  NoticeResponseAnswer,
  RaiseNoticeAnswer,
  ReceivedNoticeResponse,
} from './notices';

/**
 * Reading the success answers of §8 into their shapes. A body that is not the documented shape is
 * a `problem` (the client reports it as TG_NATIONAL_BAD_RESPONSE); a notice inside a feed page that
 * fails the checks of §8.1 is not: it is set aside in the page's `malformed`, so the rest of the page
 * and its cursor still count.
 */

export type BodyReader<T> = (body: unknown) => { value: T } | { problem: string; errors?: NoticeFieldError[] };

/**
 * Notices are read without code lists: a product or test item the gateway's copy of a list does not
 * know yet must not make a notice unreadable. Structure, check characters and the rules of §8.1 are checked.
 */
const structural = createNoticeValidator();

type Fields = Record<string, unknown>;

function asObject(body: unknown): Fields | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : undefined;
}

function okObject(body: unknown): Fields | undefined {
  const o = asObject(body);
  return o && o.code === '0' ? o : undefined;
}

/** `errors` of a 422 E4000 answer (§8.4), when it is a list of `{code, path, message}`. */
export function readFieldErrors(value: unknown): NoticeFieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const errors: NoticeFieldError[] = [];
  for (const item of value) {
    const e = asObject(item);
    if (!e) continue;
    errors.push({
      code: typeof e.code === 'string' ? e.code : '',
      path: typeof e.path === 'string' ? e.path : '',
      message: typeof e.message === 'string' ? e.message : '',
    });
  }
  return errors;
}

export function noticeProblems(value: unknown): NoticeFieldError[] {
  return structural.validateNotice(value);
}

export const readFeedPage: BodyReader<NoticeFeedPage> = (body) => {
  const o = okObject(body);
  if (!o) return { problem: 'feed answer is not a JSON object with code "0"' };
  if (!Array.isArray(o.notices)) return { problem: 'feed answer has no notices array' };
  if (typeof o.cursor !== 'string' || o.cursor === '') return { problem: 'feed answer has no cursor' };
  if (typeof o.hasMore !== 'boolean') return { problem: 'feed answer has no hasMore flag' };
  const notices: Notice[] = [];
  const malformed: MalformedNotice[] = [];
  o.notices.forEach((raw, index) => {
    const errors = noticeProblems(raw);
    if (errors.length === 0) {
      notices.push(raw as Notice);
      return;
    }
    const n = asObject(raw);
    const entry: MalformedNotice = { index, errors, raw };
    if (typeof n?.noticeId === 'string') entry.noticeId = n.noticeId;
    if (typeof n?.revision === 'number') entry.revision = n.revision;
    malformed.push(entry);
  });
  return { value: { notices, cursor: o.cursor, hasMore: o.hasMore, malformed } };
};

export const readNoticeDetail: BodyReader<NoticeDetail> = (body) => {
  const o = okObject(body);
  if (!o) return { problem: 'notice answer is not a JSON object with code "0"' };
  if (!Array.isArray(o.responses)) return { problem: 'notice answer has no responses array' };
  const errors = noticeProblems(o.notice);
  if (errors.length > 0) {
    const first = errors[0];
    return { problem: `notice is malformed: ${first.code} at ${first.path || '/'}: ${first.message}`, errors };
  }
  return { value: { code: '0', notice: o.notice as Notice, responses: o.responses as ReceivedNoticeResponse[] } };
};

export const readResponseAnswer: BodyReader<NoticeResponseAnswer> = (body) => {
  const o = okObject(body);
  if (!o || typeof o.noticeId !== 'string' || typeof o.responseId !== 'string' || typeof o.receivedAt !== 'string') {
    return { problem: 'answer is not {code "0", noticeId, responseId, receivedAt}' };
  }
  return { value: { code: '0', noticeId: o.noticeId, responseId: o.responseId, receivedAt: o.receivedAt } };
};

export const readRaiseAnswer: BodyReader<RaiseNoticeAnswer> = (body) => {
  const o = okObject(body);
  if (
    !o ||
    typeof o.noticeId !== 'string' ||
    typeof o.clientNoticeId !== 'string' ||
    !Array.isArray(o.targetRegions) ||
    !o.targetRegions.every((r) => typeof r === 'string')
  ) {
    return { problem: 'answer is not {code "0", noticeId, clientNoticeId, targetRegions}' };
  }
  return { value: { code: '0', noticeId: o.noticeId, clientNoticeId: o.clientNoticeId, targetRegions: o.targetRegions as string[] } };
};
