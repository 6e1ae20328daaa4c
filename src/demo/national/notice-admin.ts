import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody } from './body';
import { AdminError, type NoticeService } from './notices';
import { sendJson } from './respond';

/**
 * The operator's notice controls, outside the platform API (no signature), like /admin/faults:
 * - `GET  /admin/notices` — every notice with its revisions, responses and first appearances;
 * - `POST /admin/notices` — issue a notice: the fields of §8.1 without noticeId, revision, issuedAt
 *   (respondBy defaults to 72 hours later); answers 201 with the notice;
 * - `GET  /admin/notices/{noticeId}` — one notice;
 * - `POST /admin/notices/{noticeId}/amend` — a new revision with the fields given changed;
 * - `POST /admin/notices/{noticeId}/withdraw` — a WITHDRAWN notice superseding it; answers 201.
 * A refused action answers `{ code, message, errors? }` (400 invalid, 404 unknown, 409 withdrawn).
 */
export async function handleNoticeAdmin(req: IncomingMessage, res: ServerResponse, pathname: string, service: NoticeService) {
  const parts = pathname
    .split('/')
    .slice(3)
    .map((p) => decodeURIComponent(p));
  const method = req.method ?? 'GET';
  try {
    if (parts.length === 0 && method === 'GET') return sendJson(res, 200, { notices: service.list() });
    if (parts.length === 1 && method === 'GET') {
      const view = service.view(parts[0]);
      return view ? sendJson(res, 200, view) : sendJson(res, 404, { code: 'E1404', message: `unknown notice ${parts[0]}` });
    }
    if (method !== 'POST') return sendJson(res, 404, { code: 'E1004', message: 'unknown admin endpoint' });
    const body = await readJson(req);
    if (parts.length === 0) return sendJson(res, 201, service.issue(body));
    if (parts.length === 2 && parts[1] === 'amend') return sendJson(res, 200, service.amend(parts[0], body ?? {}));
    if (parts.length === 2 && parts[1] === 'withdraw') return sendJson(res, 201, service.withdraw(parts[0]));
    return sendJson(res, 404, { code: 'E1004', message: 'unknown admin endpoint' });
  } catch (err) {
    if (err instanceof AdminError) {
      const code = err.status === 404 ? 'E1404' : err.status === 409 ? 'E1409' : 'E1000';
      return sendJson(res, err.status, { code, message: err.message, ...(err.errors ? { errors: err.errors } : {}) });
    }
    throw err;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readRawBody(req, 1024 * 1024);
  if (!raw.ok) throw new AdminError(413, 'body too large');
  if (raw.bytes.length === 0) return undefined;
  try {
    return JSON.parse(raw.bytes.toString('utf8'));
  } catch {
    throw new AdminError(400, 'body is not valid JSON');
  }
}
