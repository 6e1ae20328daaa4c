import client from 'prom-client';
import type { DatabaseWatch } from './database-watch';

/**
 * This process's view of its database, for Prometheus: whether it answers, for how long it has not,
 * and how often the embedded server had to be restarted. Read from memory at scrape time.
 */
export function registerDatabaseMetrics(
  registry: client.Registry,
  sources: { watch: DatabaseWatch; embeddedRestarts?: () => number },
): void {
  new client.Gauge({
    name: 'tg_database_up',
    help: '1 while this process reaches its database (SELECT 1 every 5 s), 0 during an outage.',
    registers: [registry],
    collect() {
      this.set(sources.watch.state().reachable ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'tg_database_down_seconds',
    help: 'Seconds the database has been unreachable from this process (0 while it answers); /health fails past health.databaseDownSeconds.',
    registers: [registry],
    collect() {
      this.set(Math.floor(sources.watch.downSeconds()));
    },
  });
  const restarts = sources.embeddedRestarts;
  if (restarts) {
    new client.Counter({
      name: 'tg_embedded_postgres_restarts_total',
      help: 'Restarts of the embedded PostgreSQL after it exited on its own (crash, kill -9).',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(restarts());
      },
    });
  }
}
