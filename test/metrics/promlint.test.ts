import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log';
import { createMetrics } from '../../src/metrics/metrics';
import { createPool } from '../../src/db/pool';
import { useTestDatabaseWithBoss } from '../helpers/boss';
import { promlint } from './promlint';

const family = (name: string, type: string, sample = `${name} 1`, help = 'Some help.') =>
  `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${sample}\n`;

describe('the promtool metric-name lint helper', () => {
  it('finds what promtool finds', () => {
    expect(promlint(family('app_requests', 'counter'))).toEqual(['app_requests: counter metrics should have "_total" suffix']);
    expect(promlint(family('app_handles_total', 'gauge'))).toEqual([
      'app_handles_total: non-counter metrics should not have "_total" suffix',
    ]);
    expect(promlint(family('app_latency_milliseconds', 'gauge'))).toEqual([
      'app_latency_milliseconds: use base unit "seconds" instead of "milliseconds"',
    ]);
    expect(promlint(family('app_age_hours', 'gauge'))).toEqual(['app_age_hours: use base unit "seconds" instead of "hours"']);
    expect(promlint(family('app_latency_ms', 'gauge'))).toEqual(['app_latency_ms: metric names should not contain abbreviated units']);
    expect(promlint(family('app:rate', 'gauge', 'app:rate 1'))).toEqual(["app:rate: metric names should not contain ':'"]);
    expect(promlint(family('app_queue_gauge', 'gauge'))).toEqual(["app_queue_gauge: metric name should not include type 'gauge'"]);
    expect(promlint(family('appRequests_total', 'counter'))).toEqual([
      "appRequests_total: metric names should be written in 'snake_case' not 'camelCase'",
    ]);
    expect(promlint(family('app_up', 'gauge', 'app_up{hostName="a"} 1'))).toEqual([
      "app_up: label names should be written in 'snake_case' not 'camelCase'",
    ]);
    expect(promlint(family('app_jobs_count', 'gauge'))).toEqual([
      'app_jobs_count: non-histogram and non-summary metrics should not have "_count" suffix',
    ]);
    expect(promlint(family('app_up', 'gauge', 'app_up 1', ''))).toEqual(['app_up: no help text']);
    expect(promlint(family('app_requests_total', 'counter') + family('app_latency_seconds', 'gauge'))).toEqual([]);
  });
});

describe('promtool check metrics on the gateway exposition', () => {
  const env = useTestDatabaseWithBoss();

  it('reports nothing, default Node.js collectors included', async () => {
    const metrics = createMetrics({ db: env.t.db, boss: env.boss, log: silentLogger() });
    metrics.onDelivered('subjects', { accepted: 1, duplicate: 0, rejected: 0, latencyMs: 12, records: 1 });
    const { body } = await metrics.render();
    expect(body).toContain('tg_nodejs_heap_size_used_bytes');
    expect(promlint(body)).toEqual([]);
  });

  it('reads the gauges of a render over one connection, however many gauges read at once', async () => {
    const pool = createPool({ url: env.t.url, schema: env.t.schema, max: 10 });
    try {
      const metrics = createMetrics({ db: pool, boss: env.boss, log: silentLogger(), processMetrics: false });
      const [a, b] = await Promise.all([metrics.render(), metrics.render()]);
      expect(a.body).toContain('tg_records');
      expect(b.body).toBe(a.body);
      expect(pool.totalCount).toBe(1);
      await metrics.render();
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
