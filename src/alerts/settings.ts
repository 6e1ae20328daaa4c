/** When an alert fires; every threshold can be set from the environment. */
export interface AlertSettings {
  /** Where notifications are POSTed; null = incidents are tracked (GET /api/alerts) but not sent. */
  webhookUrl: string | null;
  intervalSeconds: number;
  /** A batch failing or blocked for this long. */
  deliveryFailingMinutes: number;
  /** More than `count` new quarantine entries within `minutes`. */
  quarantineSpike: { count: number; minutes: number };
  /** An adapter with this many failed pulls in a row. */
  adapterFailures: number;
  /** Reconciliation rows of the last `days` days are considered. */
  reconciliationDays: number;
  /** A notice's acknowledgement or final answer not sent this many minutes before it is due (§8.4). */
  noticeDueMinutes: number;
  webhookTimeoutMs: number;
  /** ALERT_WEBHOOK_ALLOW_PRIVATE: the webhook's host may resolve to a loopback, private or link-local address. */
  webhookAllowPrivate: boolean;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  webhookUrl: null,
  intervalSeconds: 30,
  deliveryFailingMinutes: 15,
  quarantineSpike: { count: 100, minutes: 10 },
  adapterFailures: 3,
  reconciliationDays: 7,
  noticeDueMinutes: 60,
  webhookTimeoutMs: 10_000,
  webhookAllowPrivate: false,
};

type Env = Readonly<Record<string, string | undefined>>;

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name} (environment): must be on or off`);
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} (environment): must be a positive number`);
  return n;
}

/**
 * ALERT_WEBHOOK_URL, ALERT_INTERVAL_SECONDS, ALERT_DELIVERY_FAILING_MINUTES, ALERT_QUARANTINE_SPIKE_COUNT,
 * ALERT_QUARANTINE_SPIKE_MINUTES, ALERT_ADAPTER_FAILURES, ALERT_NOTICE_DUE_MINUTES, ALERT_WEBHOOK_ALLOW_PRIVATE.
 */
export function alertSettingsFromEnv(env: Env): AlertSettings {
  const url = env.ALERT_WEBHOOK_URL?.trim() || null;
  if (url && !/^https?:\/\/[^\s/]+/.test(url)) throw new Error('ALERT_WEBHOOK_URL (environment): must be an http(s) URL');
  const d = DEFAULT_ALERT_SETTINGS;
  return {
    ...d,
    webhookUrl: url,
    intervalSeconds: positive(env, 'ALERT_INTERVAL_SECONDS', d.intervalSeconds),
    deliveryFailingMinutes: positive(env, 'ALERT_DELIVERY_FAILING_MINUTES', d.deliveryFailingMinutes),
    quarantineSpike: {
      count: positive(env, 'ALERT_QUARANTINE_SPIKE_COUNT', d.quarantineSpike.count),
      minutes: positive(env, 'ALERT_QUARANTINE_SPIKE_MINUTES', d.quarantineSpike.minutes),
    },
    adapterFailures: positive(env, 'ALERT_ADAPTER_FAILURES', d.adapterFailures),
    noticeDueMinutes: positive(env, 'ALERT_NOTICE_DUE_MINUTES', d.noticeDueMinutes),
    webhookAllowPrivate: onOff(env, 'ALERT_WEBHOOK_ALLOW_PRIVATE', d.webhookAllowPrivate),
  };
}
