import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerDatabaseMetrics } from '../../src/db/database-metrics';
import { DatabaseWatch } from '../../src/db/database-watch';
import { silentLogger } from '../../src/log';
import { testDatabaseUrl } from '../helpers/db';
import { freePort } from '../helpers/ports';

describe('database metrics', () => {
  it('export whether the database answers, for how long it has not, and the embedded server restarts', async () => {
    const up = new DatabaseWatch({ url: testDatabaseUrl(), log: silentLogger() });
    await up.probe();
    const registry = new client.Registry();
    registerDatabaseMetrics(registry, { watch: up, embeddedRestarts: () => 3 });
    const text = await registry.metrics();
    expect(text).toMatch(/^tg_database_up 1$/m);
    expect(text).toMatch(/^tg_database_down_seconds 0$/m);
    expect(text).toMatch(/^# TYPE tg_embedded_postgres_restarts_total counter$/m);
    expect(text).toMatch(/^tg_embedded_postgres_restarts_total 3$/m);

    let now = 0;
    const down = new DatabaseWatch({
      url: `postgresql://postgres@127.0.0.1:${await freePort()}/none`,
      log: silentLogger(),
      now: () => now,
    });
    await down.probe();
    now += 42_000;
    const other = new client.Registry();
    registerDatabaseMetrics(other, { watch: down });
    const downText = await other.metrics();
    expect(downText).toMatch(/^tg_database_up 0$/m);
    expect(downText).toMatch(/^tg_database_down_seconds 42$/m);
    expect(downText).not.toContain('tg_embedded_postgres_restarts_total');
  });
});
