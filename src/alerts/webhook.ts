import type { IncidentRow } from '../db/queries/alert-incidents';
import { redact } from '../log';

export interface AlertNotification {
  source: 'trace-gateway';
  status: 'firing' | 'resolved';
  incidentId: number;
  key: string;
  kind: string;
  summary: string;
  details: unknown;
  openedAt: string;
  resolvedAt: string | null;
}

export function notificationOf(i: IncidentRow, status: 'firing' | 'resolved'): AlertNotification {
  return redact({
    source: 'trace-gateway', status, incidentId: i.id, key: i.key, kind: i.kind, summary: i.summary, details: i.details,
    openedAt: i.openedAt.toISOString(), resolvedAt: i.resolvedAt ? i.resolvedAt.toISOString() : null,
  }) as AlertNotification;
}

export type Notify = (n: AlertNotification) => Promise<void>;

/** POSTs each notification as JSON; any answer but 2xx is a failure (the incident is sent again later). */
export function webhookNotifier(url: string, timeoutMs: number): Notify {
  return async (n) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'trace-gateway-alerts' },
      body: JSON.stringify(n),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered HTTP ${res.status}`);
  };
}
