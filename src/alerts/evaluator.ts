import type { Db } from '../db/pool';
import {
  claimUnsentIncident,
  markIncidentSent,
  noteIncidentSendFailure,
  openIncident,
  openIncidentKeys,
  releaseIncident,
  resolveIncident,
} from '../db/queries/alert-incidents';
import type { Logger } from '../log';
import { activeConditions } from './conditions';
import type { AlertSettings } from './settings';
import { notificationOf, webhookNotifier, type Notify } from './webhook';

export interface AlertRound {
  opened: string[];
  resolved: string[];
  sent: number;
  failed: number;
}

/** A failed notification is sent again once its claim expires. */
const CLAIM_SECONDS = 30;
/** Older unsent notifications are dropped (the incident stays visible in GET /api/alerts). */
const MAX_AGE_HOURS = 24;

/**
 * Periodic alert evaluation. Incidents live in PostgreSQL with one open row per key: a condition that
 * holds opens it once (INSERT … ON CONFLICT DO NOTHING), and its end resolves it once, whatever the
 * number of gateway processes. Notifications are claimed row by row, so each is sent by one process.
 */
export class AlertEvaluator {
  private readonly notify: Notify | null;

  constructor(private readonly deps: { db: Db; log: Logger; settings: AlertSettings; notify?: Notify; claimSeconds?: number }) {
    this.notify =
      deps.notify ??
      (deps.settings.webhookUrl
        ? webhookNotifier(deps.settings.webhookUrl, deps.settings.webhookTimeoutMs, { allowPrivate: deps.settings.webhookAllowPrivate })
        : null);
  }

  async evaluateOnce(): Promise<AlertRound> {
    const { db, log } = this.deps;
    const active = await activeConditions(db, this.deps.settings);
    const round: AlertRound = { opened: [], resolved: [], sent: 0, failed: 0 };
    for (const c of active) {
      if (await openIncident(db, c)) {
        round.opened.push(c.key);
        log.warn('alert opened', { event: 'alert:opened', key: c.key, summary: c.summary });
      }
    }
    const activeKeys = new Set(active.map((c) => c.key));
    for (const key of await openIncidentKeys(db)) {
      if (activeKeys.has(key)) continue;
      if (await resolveIncident(db, key)) {
        round.resolved.push(key);
        log.info('alert resolved', { event: 'alert:resolved', key });
      }
    }
    if (this.notify) await this.dispatch(this.notify, round);
    return round;
  }

  private async dispatch(notify: Notify, round: AlertRound): Promise<void> {
    const { db, log } = this.deps;
    const tried: number[] = [];
    for (let i = 0; i < 100; i++) {
      const incident = await claimUnsentIncident(db, this.deps.claimSeconds ?? CLAIM_SECONDS, MAX_AGE_HOURS, tried);
      if (!incident) return;
      tried.push(incident.id);
      try {
        if (!incident.openSentAt) {
          await notify(notificationOf(incident, 'firing'));
          await markIncidentSent(db, incident.id, 'open');
          round.sent++;
        }
        if (incident.resolvedAt && !incident.resolveSentAt) {
          await notify(notificationOf(incident, 'resolved'));
          await markIncidentSent(db, incident.id, 'resolve');
          round.sent++;
        }
        await releaseIncident(db, incident.id);
      } catch (err) {
        round.failed++;
        await noteIncidentSendFailure(db, incident.id, (err as Error).message);
        log.warn('alert notification failed; it is sent again later', {
          event: 'alert:send-failed',
          key: incident.key,
          error: (err as Error).message,
        });
      }
    }
  }

  /** Evaluates every intervalSeconds; returns a stop function that waits for a round under way. */
  start(): () => Promise<void> {
    let current: Promise<unknown> = Promise.resolve();
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      current = this.evaluateOnce()
        .catch((err) => this.deps.log.warn('alert evaluation failed', { event: 'alert:failed', error: (err as Error).message }))
        .finally(() => (running = false));
    }, this.deps.settings.intervalSeconds * 1000);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await current;
    };
  }
}
