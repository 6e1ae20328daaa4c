import { BAD_RESPONSE, type NationalAnswer } from './answer';

export type DecisionAction = 'success' | 'retry' | 'resign' | 'split' | 'pause' | 'fix' | 'maintenance';

export interface Decision {
  action: DecisionAction;
  code?: string;
  retryAfterMs?: number;
  reason: string;
}

interface Rule {
  action: DecisionAction;
  reason: string;
}

/** National §3.2, one line per whole-request code, and the codes §8.7 adds. */
const BY_CODE: Readonly<Record<string, Rule>> = {
  E1000: { action: 'fix', reason: 'body is not a valid batch; do not retry unchanged' },
  E1001: { action: 'fix', reason: 'batch has no records or more than 500' },
  E1002: { action: 'split', reason: 'body over 4 MiB; split the batch' },
  E1003: { action: 'fix', reason: 'content type or encoding not accepted' },
  E1004: { action: 'fix', reason: 'unknown interface' },
  E1005: { action: 'fix', reason: 'bad feed cursor or limit' },
  E1404: { action: 'fix', reason: 'not found' },
  E1409: { action: 'fix', reason: 'id reused with other content; send the first content again or a new id' },
  E2001: { action: 'pause', reason: 'signature does not verify; check credentials' },
  E2002: { action: 'resign', reason: 'timestamp skew; re-sign with a fresh timestamp' },
  E2003: { action: 'resign', reason: 'nonce reused; re-sign with a fresh nonce' },
  E2004: { action: 'pause', reason: 'unknown or disabled appKey' },
  E3001: { action: 'retry', reason: 'rate limit exceeded' },
  E4000: { action: 'fix', reason: 'field errors (listed in errors); do not retry unchanged' },
  E4011: { action: 'fix', reason: 'response status goes back, or follows a final answer' },
  E4012: { action: 'fix', reason: 'a finding or evidence names a record this appKey has not had accepted' },
  E4013: { action: 'fix', reason: 'the notice is withdrawn: no answer is due' },
  E9000: { action: 'retry', reason: 'platform error' },
  E9001: { action: 'maintenance', reason: 'platform in maintenance or overloaded' },
  [BAD_RESPONSE]: { action: 'retry', reason: 'answer is not the documented shape' },
};

/** Fallback for answers whose code we do not know, by HTTP status. */
function byStatus(status: number): Rule {
  if (status === 413) return { action: 'split', reason: `HTTP ${status}: body too large` };
  if (status === 429) return { action: 'retry', reason: `HTTP ${status}: rate limited` };
  if (status === 503) return { action: 'maintenance', reason: `HTTP ${status}: unavailable` };
  if (status === 401 || status === 403) return { action: 'pause', reason: `HTTP ${status}: not authorised` };
  if (status >= 500 || status === 408) return { action: 'retry', reason: `HTTP ${status}: server error` };
  return { action: 'fix', reason: `HTTP ${status}: request refused` };
}

export function classifyAnswer(answer: NationalAnswer): Decision {
  switch (answer.kind) {
    case 'receipt':
      return { action: 'success', reason: 'receipt received' };
    case 'ok':
      return { action: 'success', reason: 'answer received' };
    case 'network':
      return { action: 'retry', reason: answer.timedOut ? 'timed out' : `network error: ${answer.error}` };
    case 'error': {
      const rule = BY_CODE[answer.code] ?? byStatus(answer.status);
      const decision: Decision = { action: rule.action, code: answer.code, reason: rule.reason };
      if (answer.retryAfterMs !== undefined && (rule.action === 'retry' || rule.action === 'maintenance')) {
        decision.retryAfterMs = answer.retryAfterMs;
      }
      return decision;
    }
  }
}
