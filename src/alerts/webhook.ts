import { createHttpClient } from '../adapters/http';
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
    source: 'trace-gateway',
    status,
    incidentId: i.id,
    key: i.key,
    kind: i.kind,
    summary: i.summary,
    details: i.details,
    openedAt: i.openedAt.toISOString(),
    resolvedAt: i.resolvedAt ? i.resolvedAt.toISOString() : null,
  }) as AlertNotification;
}

export type Notify = (n: AlertNotification) => Promise<void>;

/** The webhook answer is read only up to this size; it is discarded anyway. */
const WEBHOOK_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs each notification as JSON; any answer but 2xx is a failure (the incident is sent again later).
 * The call goes through the adapters' HTTP client: the same address guard (a public address, or a
 * loopback/private one only with `allowPrivate`), no redirect followed, proxy variables ignored.
 */
export function webhookNotifier(url: string, timeoutMs: number, opts: { allowPrivate?: boolean } = {}): Notify {
  const target = new URL(url);
  const http = createHttpClient({
    allowedHosts: opts.allowPrivate ? [target.host] : [],
    allowPrivateAddresses: opts.allowPrivate === true,
    timeoutMs,
    maxResponseBytes: WEBHOOK_ANSWER_BYTES,
  });
  return async (n) => {
    let status: number;
    try {
      ({ status } = await http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'trace-gateway-alerts' },
        body: JSON.stringify(n),
      }));
    } catch (err) {
      // An answer larger than the cap still arrived: only its status matters.
      if ((err as { code?: string }).code === 'BODY_TOO_LARGE') throw new Error('webhook answer too large');
      throw new Error(`webhook not reached: ${(err as Error).message}`);
    }
    if (status < 200 || status >= 300)
      throw new Error(`webhook answered HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`);
  };
}
