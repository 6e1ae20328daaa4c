/** Alert kinds of notices between regions (§8.4). */
export type NoticeAlertKind = 'notice-received' | 'notice-ack-due' | 'notice-ack-late' | 'notice-answer-due' | 'notice-answer-late';

/** A condition that holds now; its key names the incident, so the same condition is one incident. */
export interface ActiveCondition {
  key: string;
  kind: 'delivery-failing' | 'national-paused' | 'quarantine-spike' | 'reconciliation-difference' | 'adapter-failing' | NoticeAlertKind;
  summary: string;
  details: Record<string, unknown>;
}
