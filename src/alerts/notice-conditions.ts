import type { Queryable } from '../db/pool';
import { noticesForAlerts } from '../db/queries/notices';
import type { ActiveCondition } from './condition';

/** §8.4: ACKNOWLEDGED within 2 hours of the notice's first appearance. */
const ACK_WITHIN_SECONDS = 2 * 3600;

/**
 * Notice alerts, one incident per notice and kind, so each is sent once: a notice in force arrived
 * (resolved when its final answer has left or it is withdrawn); its acknowledgement or final answer
 * is due within `dueMinutes`; it is late.
 */
export async function noticeConditions(db: Queryable, dueMinutes: number, now = Date.now()): Promise<ActiveCondition[]> {
  const out: ActiveCondition[] = [];
  const soon = dueMinutes * 60_000;
  for (const n of await noticesForAlerts(db, ACK_WITHIN_SECONDS)) {
    const details = {
      noticeId: n.noticeId,
      kind: n.kind,
      severity: n.severity,
      respondBy: n.respondBy,
      acknowledgeBy: n.acknowledgeBy,
      caseState: n.caseState,
    };
    const about = `notice ${n.noticeId} (${n.kind}, ${n.severity}, ${n.traceCodes} lot${n.traceCodes === 1 ? '' : 's'})`;
    out.push({
      key: `notice-received:${n.noticeId}`,
      kind: 'notice-received',
      summary: `${about}: ${n.hazard.slice(0, 200)}; final answer due ${n.respondBy.toISOString()}`,
      details,
    });
    const ackAt = n.acknowledgeBy.getTime();
    if (!n.acknowledged && now > ackAt)
      out.push({
        key: `notice-ack-late:${n.noticeId}`,
        kind: 'notice-ack-late',
        summary: `${about}: acknowledgement late (due ${n.acknowledgeBy.toISOString()})`,
        details,
      });
    else if (!n.acknowledged && now > ackAt - soon)
      out.push({
        key: `notice-ack-due:${n.noticeId}`,
        kind: 'notice-ack-due',
        summary: `${about}: acknowledgement not sent yet, due ${n.acknowledgeBy.toISOString()}`,
        details,
      });
    const dueAt = n.respondBy.getTime();
    if (now > dueAt)
      out.push({
        key: `notice-answer-late:${n.noticeId}`,
        kind: 'notice-answer-late',
        summary: `${about}: final answer late (due ${n.respondBy.toISOString()})`,
        details,
      });
    else if (now > dueAt - soon)
      out.push({
        key: `notice-answer-due:${n.noticeId}`,
        kind: 'notice-answer-due',
        summary: `${about}: final answer due ${n.respondBy.toISOString()}; case ${n.caseState}`,
        details,
      });
  }
  return out;
}
