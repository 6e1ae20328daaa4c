import type { Clause } from './types';

const CLIENT = 'a duty of the client, not observable at the platform';
const SUPERVISORS = "kept for the platform's supervisors; no answer to the appKey shows it";

/** The rule-bearing parts of national §8 (notices between regions), keyed as the report cites them. */
export const NOTICE_CLAUSES: Readonly<Record<string, Clause>> = {
  '§8 signed': { text: 'notice requests are signed as in §2 and count toward the rate limit' },
  '§8.1 notice-fields': {
    text: 'a notice: noticeId NT+YYYYMMDD+6 digits, revision, kind, severity, issuedAt, issuerRegion, targetRegions, traceCodes, productCode, hazard, actionsRequired, respondBy, supersedes',
  },
  '§8.1 served': {
    text: 'served when a targetRegion and the scope overlap (one a prefix of the other), never to the appKey that raised it',
  },
  '§8.1 revisions': {
    text: 'each revision is served by its own targetRegions; GET and answers use the latest revision, with a new issuedAt',
  },
  '§8.1 withdrawn': { text: 'a WITHDRAWN notice names the notice it supersedes and repeats its fields' },
  '§8.2 answer': { text: 'GET /notices: {code "0", notices, cursor, hasMore} in the platform order' },
  '§8.2 limit': { text: 'limit 1–200, default 50' },
  '§8.2 cursor': {
    text: 'after is the cursor of an earlier answer; without it the feed starts at the first notice; cursors do not expire',
  },
  '§8.2 amended-again': { text: 'an amended notice appears again, later in the feed, with a higher revision' },
  '§8.2 E1005': { text: 'a malformed or unknown after (another appKey’s cursor included) or a limit out of range is 400 E1005' },
  '§8.2 first-appearance': {
    text: 'the 2-hour clock starts when a feed answer holding the notice reaches the appKey',
    untestable: SUPERVISORS,
  },
  '§8.3 answer': { text: 'GET /notices/{id}: the latest revision and this appKey’s accepted responses in order received, with receivedAt' },
  '§8.3 E1404': { text: 'a notice unknown or not served to this appKey (the raiser included) is 404 E1404' },
  '§8.4 fields': { text: 'responseId 8–64 [A-Za-z0-9_-], status, respondedAt, findings 0–1000 distinct, actions 0–500, note 1–1000' },
  '§8.4 actions': {
    text: 'actions: action, at, subjectCode §6.2/§6.3, quantity > 0 ≤ 3 decimals with unit (both or neither, the missing one E4002), note 1–200',
  },
  '§8.4 E4005 findings': { text: 'COMPLETED needs a finding; NOT_FOUND has none (E4005 /findings)' },
  '§8.4 E4005 actions': {
    text: 'COMPLETED lists, over all accepted responses, an action for each required action but TRACE (E4005 /actions)',
  },
  '§8.4 E4012': { text: 'a finding naming a record this appKey has not had accepted is E4012 at /findings/k' },
  '§8.4 status-forward': { text: 'statuses move forward; repeating ACKNOWLEDGED or IN_PROGRESS and skipping forward are allowed' },
  '§8.4 E4011': { text: 'a response that goes back, or any response after COMPLETED or NOT_FOUND, is 409 E4011' },
  '§8.4 E4013': { text: 'a response to a WITHDRAWN notice or one superseded by a withdrawal is 409 E4013' },
  '§8.4 answer': { text: '200 {code "0", noticeId, responseId, receivedAt}' },
  '§8.4 idempotent': { text: 'the same responseId with identical content is the same 200 with the original receivedAt' },
  '§8.4 E1409': { text: 'the same responseId with other content is 409 E1409' },
  '§8.4 E4000': {
    text: 'field errors are 422 {code E4000, errors [{code, path, message}]}: table fields in order, then E4012 in order, then the E4005 rules in order',
  },
  '§8.4 whole-request': { text: 'whole-request errors are those of §3.2; an unknown or not served notice is 404 E1404' },
  '§8.4 precedence': { text: 'whole-request errors, then 404, then 422, then E1409, E4013, E4011' },
  '§8.4 timeliness': {
    text: 'ACKNOWLEDGED within 2 hours, the final answer by respondBy; late answers are recorded, not refused',
    untestable: `${CLIENT}; the record of late answers is ${SUPERVISORS}`,
  },
  '§8.5 fields': {
    text: 'clientNoticeId, kind PROBLEM_PRODUCT or RECALL, severity, issuerRegion, traceCodes, productCode, subjectCode, hazard, testItem, evidence 1–20 distinct, targetRegions, actionsRequired, respondBy',
  },
  '§8.5 E2005': { text: 'an issuerRegion outside the appKey’s scope is E2005' },
  '§8.5 E4012': { text: 'evidence naming a record this appKey has not had accepted is E4012 at /evidence/k' },
  '§8.5 E4005 evidence': {
    text: 'a PROBLEM_PRODUCT notice needs an accepted inspections record with conclusion FAIL among its evidence (E4005 /evidence)',
  },
  '§8.5 respondBy': { text: 'respondBy at least 1 hour after the request (E4005), default 72 hours after it' },
  '§8.5 answer': {
    text: '201 {code "0", noticeId, clientNoticeId, targetRegions}; a notice reaching no other region is created with empty targetRegions',
  },
  '§8.5 target-extension': {
    text: 'the platform adds to targetRegions every other province whose records, of any appKey, share a trace code of the chain',
  },
  '§8.5 idempotent': { text: 'the same clientNoticeId with identical content is the same answer with 200; with other content 409 E1409' },
  '§8.6 chain': {
    text: 'the chain: records by traceCode, trades by parentTraceCode, transports by traceCodes, entries by originCertificateNo, repeated',
  },
  '§8.6 latest-version': { text: 'only the latest accepted version of each record counts in the chain' },
  '§8.6 findings-compared': { text: 'COMPLETED findings are compared with the chain and differences reported', untestable: SUPERVISORS },
  '§8.7 codes': { text: '400 E1005, 409 E1409, 422 E4000, 409 E4011, 422 E4012, 409 E4013' },
};
