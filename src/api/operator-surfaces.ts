import path from 'node:path';
import type express from 'express';
import { AlertEvaluator } from '../alerts/evaluator';
import { alertSettingsFromEnv } from '../alerts/settings';
import { bootstrapAdminToken } from '../auth/bootstrap';
import { AdapterControl, type ScheduleTable } from './adapter-control';
import { createApp } from './app';
import type { ApiDeps } from './deps';
import { buildStatus } from './status';
import { StatusHistory } from './status-history';

export interface SurfaceDeps extends Omit<ApiDeps, 'adapters' | 'history'> {
  scheduler: ScheduleTable;
  /** Whether this process runs pull schedules. */
  schedules: boolean;
  validateSchedule(expression: string): boolean;
  /** ADMIN_TOKEN, ALERT_* and the `env:NAME` credentials of API-registered adapters. */
  env: NodeJS.ProcessEnv;
  /** Where the generated admin token's file is (`<dataDir>/admin-token`). */
  dataDir: string;
  /** Where the path of a generated admin token's file is shown (default stdout). */
  print?(line: string): void;
  reloadSeconds?: number;
  historySeconds?: number;
}

export interface OperatorSurfaces {
  app: express.Express;
  adapters: AdapterControl;
  alerts: AlertEvaluator;
  history: StatusHistory;
  stop(): Promise<void>;
}

/**
 * What operators, provinces and regulators use: the admin token bootstrap, adapter registration that
 * follows other processes, the status history, alert evaluation and the API app (not yet listening).
 */
export async function startOperatorSurfaces(d: SurfaceDeps): Promise<OperatorSurfaces> {
  await bootstrapAdminToken(d.db, {
    envToken: d.env.ADMIN_TOKEN,
    tokenFile: path.resolve(d.dataDir, 'admin-token'),
    print: d.print ?? ((line) => process.stdout.write(`${line}\n`)),
    log: d.log,
  });
  const adapters = new AdapterControl({
    db: d.db,
    kinds: d.kinds,
    instances: d.instances,
    scheduler: d.scheduler,
    schedules: d.schedules,
    log: d.log,
    env: d.env,
    validateSchedule: d.validateSchedule,
  });
  await adapters.prime();
  const stopReload = adapters.startReload((d.reloadSeconds ?? 30) * 1000);
  const history = new StatusHistory();
  const stopHistory = history.start(
    (d.historySeconds ?? 10) * 1000,
    () => buildStatus(d),
    (err) => d.log.debug('status sample failed', { error: String(err) }),
  );
  const alerts = new AlertEvaluator({ db: d.db, log: d.log, settings: alertSettingsFromEnv(d.env) });
  const stopAlerts = alerts.start();
  const app = createApp({ ...d, adapters, history });
  return {
    app,
    adapters,
    alerts,
    history,
    async stop() {
      stopReload();
      stopHistory();
      await stopAlerts();
    },
  };
}
