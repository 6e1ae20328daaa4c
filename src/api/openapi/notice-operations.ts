import type { OperationSpec } from './operation-spec';

const noticeId = {
  name: 'noticeId',
  in: 'path' as const,
  required: true,
  description: "the platform's noticeId (§8.1: NT + YYYYMMDD + 6 digits)",
  schema: { type: 'string', pattern: '^NT[0-9]{14}$' },
};
const clientNoticeId = {
  name: 'clientNoticeId',
  in: 'path' as const,
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
};
const q = (name: string, schema: Record<string, unknown>, description?: string) => ({ name, in: 'query' as const, schema, description });

/** Notices between regions (national §8): cases, operator actions, answers, reports, raised notices. */
export const noticeOperations: readonly OperationSpec[] = [
  {
    operationId: 'listNotices',
    method: 'get',
    path: '/api/notices',
    access: 'viewer',
    tag: 'notices',
    summary: 'Notices read from the platform (and those this gateway raised), newest first, with their case state',
    parameters: [
      q(
        'state',
        { enum: ['active', 'open', 'acknowledged', 'in_progress', 'closed', 'withdrawn', 'none'] },
        '`active` = open, acknowledged or in progress',
      ),
      q('origin', { enum: ['received', 'raised'] }),
      q('traceCode', { type: 'string', pattern: '^\\d{20}$' }),
      q('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }),
    ],
    responses: { 200: 'NoticeCaseList' },
  },
  {
    operationId: 'getNoticeCase',
    method: 'get',
    path: '/api/notices/{noticeId}',
    access: 'viewer',
    tag: 'notices',
    summary:
      "One case: the notice (latest revision and every revision), its §8.6 chain from the gateway's records, what is held back, actions, answers and when they are due",
    parameters: [noticeId],
    responses: { 200: 'NoticeCase', 404: 'Error' },
  },
  {
    operationId: 'recordNoticeAction',
    method: 'post',
    path: '/api/notices/{noticeId}/actions',
    access: 'operator',
    tag: 'notices',
    summary: 'Record what was done (OFF_SHELF, RETEST, RECALL); the first action of a case sends IN_PROGRESS',
    parameters: [noticeId],
    body: 'NoticeActionInput',
    responses: { 201: 'NoticeAction', 400: 'Error', 404: 'Error', 409: 'Error' },
  },
  {
    operationId: 'closeNoticeCase',
    method: 'post',
    path: '/api/notices/{noticeId}/close',
    access: 'operator',
    tag: 'notices',
    summary:
      'Send the final answer: COMPLETED with the chain as findings (every required action recorded), or NOT_FOUND when the chain is empty',
    parameters: [noticeId],
    body: 'NoticeCloseInput',
    responses: { 200: 'NoticeClosed', 404: 'Error', 409: 'Error' },
  },
  {
    operationId: 'getNoticeReport',
    method: 'get',
    path: '/api/notices/{noticeId}/report',
    access: 'viewer',
    tag: 'notices',
    summary:
      'The case report for regulators: notice, chain with quantities, regions and subjects, actions, answers with their times (JSON)',
    parameters: [noticeId],
    responses: { 200: 'NoticeReport', 404: 'Error' },
  },
  {
    operationId: 'getNoticeReportPage',
    method: 'get',
    path: '/api/notices/{noticeId}/report.html',
    access: 'viewer',
    tag: 'notices',
    summary: 'The same report as a printable HTML page',
    parameters: [noticeId],
    responses: { 200: { contentType: 'text/html', description: 'printable report' }, 404: 'Error' },
  },
  {
    operationId: 'listRaisedNotices',
    method: 'get',
    path: '/api/raised-notices',
    access: 'viewer',
    tag: 'notices',
    summary: 'Notices this gateway proposed or raised from failed inspections, newest first',
    parameters: [
      q('state', { enum: ['proposed', 'confirmed', 'accepted', 'refused', 'dismissed'] }),
      q('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }),
    ],
    responses: { 200: 'RaisedNotice[]' },
  },
  {
    operationId: 'confirmRaisedNotice',
    method: 'post',
    path: '/api/raised-notices/{clientNoticeId}/confirm',
    access: 'operator',
    tag: 'notices',
    summary: 'Confirm a proposed notice: it is sent to the platform in the next notices round',
    parameters: [clientNoticeId],
    responses: { 200: 'RaisedNotice', 404: 'Error', 409: 'Error' },
  },
  {
    operationId: 'dismissRaisedNotice',
    method: 'post',
    path: '/api/raised-notices/{clientNoticeId}/dismiss',
    access: 'operator',
    tag: 'notices',
    summary: 'Dismiss a proposed notice (it is never sent)',
    parameters: [clientNoticeId],
    responses: { 200: 'RaisedNotice', 404: 'Error', 409: 'Error' },
  },
];
