import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESIDENT_ID, VALID_CREDIT_CODE } from '../api/support/fixture-source';
import { eventually, startTestGateway, type TestGateway } from '../api/support/test-gateway';
import { parsePrometheusText, sampleValue } from './prometheus-text';

describe('metrics at /metrics', () => {
  let g: TestGateway;
  const scrape = async () => {
    const r = await g.call('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    return { text: r.text, families: parsePrometheusText(r.text) };
  };

  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter('fx-people');
    g.source.rows.push(
      { id: 'a', name: '甲公司', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 08:00:01' },
      { id: 'b', name: '张三', code: RESIDENT_ID, kind: '个体农户', gx: '2026-01-05 08:00:02', idType: 'RESIDENT_ID' },
      { id: 'c', name: '丙', code: VALID_CREDIT_CODE, kind: '??', gx: '2026-01-05 08:00:03' },
    );
    await g.gw.pullNow('fx-people');
    await eventually(
      async () => (await g.t.db.query(`SELECT count(*)::int AS n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n === 2,
    );
  });
  afterAll(async () => {
    await g?.stop();
  });

  it('is valid Prometheus text, every family with HELP and TYPE, needing no token', async () => {
    const { families } = await scrape();
    for (const [name, type] of [
      ['tg_records', 'gauge'],
      ['tg_pull_lag_seconds', 'gauge'],
      ['tg_queue_depth', 'gauge'],
      ['tg_national_paused', 'gauge'],
      ['tg_adapter_consecutive_failures', 'gauge'],
      ['tg_delivery_latency_seconds', 'histogram'],
      ['tg_batch_size_records', 'histogram'],
      ['tg_delivered_records_total', 'counter'],
      ['tg_national_answers_total', 'counter'],
      ['tg_pulled_pages_total', 'counter'],
      ['tg_pulled_records_total', 'counter'],
      ['tg_pull_seconds_total', 'counter'],
    ] as const) {
      expect(families.get(name)?.type, name).toBe(type);
      expect(families.get(name)!.help.length, name).toBeGreaterThan(10);
    }
  });

  it('counts records by adapter, interface and state, read from the database at scrape time', async () => {
    const { families } = await scrape();
    expect(sampleValue(families, 'tg_records', { adapter: 'fx-people', interface: 'subjects', state: 'accepted' })).toBe(2);
    expect(sampleValue(families, 'tg_records', { adapter: 'fx-people', interface: 'subjects', state: 'quarantined' })).toBe(1);
    await g.replayMatching({});
    expect(
      sampleValue((await scrape()).families, 'tg_records', { adapter: 'fx-people', interface: 'subjects', state: 'quarantined' }),
    ).toBe(1);
    g.source.labels.set('??', 'ENTERPRISE');
    await g.replayMatching({});
    const after = (await scrape()).families;
    expect(sampleValue(after, 'tg_records', { adapter: 'fx-people', interface: 'subjects', state: 'quarantined' })).toBeUndefined();
  });

  it('observes deliveries, national answers and pulled pages from the pipeline hooks', async () => {
    await eventually(
      async () => (await g.t.db.query(`SELECT count(*)::int AS n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n === 3,
    );
    const { families } = await scrape();
    expect(sampleValue(families, 'tg_delivery_latency_seconds_count', { interface: 'subjects' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(families, 'tg_batch_size_records_sum', { interface: 'subjects' })).toBe(3);
    expect(sampleValue(families, 'tg_delivered_records_total', { interface: 'subjects', outcome: 'accepted' })).toBe(3);
    expect(sampleValue(families, 'tg_national_answers_total', { code: '0' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(families, 'tg_pulled_pages_total', { adapter: 'fx-people', stream: 'people' })).toBe(1);
    expect(sampleValue(families, 'tg_pulled_records_total', { adapter: 'fx-people', stream: 'people' })).toBe(3);
    expect(sampleValue(families, 'tg_pull_seconds_total', { adapter: 'fx-people', stream: 'people', phase: 'staging' })).toBeGreaterThan(0);
    expect(
      sampleValue(families, 'tg_pull_seconds_total', { adapter: 'fx-people', stream: 'people', phase: 'waiting' }),
    ).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'tg_pull_lag_seconds', { adapter: 'fx-people' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'tg_adapter_consecutive_failures', { adapter: 'fx-people' })).toBe(0);
    expect(sampleValue(families, 'tg_queue_depth', { queue: 'deliver' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'tg_queue_depth', { queue: 'pull' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'tg_national_paused', { app_key: 'k-ops' })).toBe(0);
  });

  it('holds no resident ID or token', async () => {
    const { text } = await scrape();
    expect(text).not.toContain(RESIDENT_ID);
    expect(text).not.toContain(g.tokens.admin);
  });

  it('the reader refuses malformed text', () => {
    expect(() => parsePrometheusText('x 1\n')).toThrow(/no TYPE/);
    expect(() => parsePrometheusText('# HELP x h\n# TYPE x gauge\nx{a="1} 1\n')).toThrow();
    expect(() => parsePrometheusText('# HELP x h\n# TYPE x gauge\nx one\n')).toThrow(/bad value/);
    expect(() =>
      parsePrometheusText('# HELP h h\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'),
    ).toThrow(/cumulative/);
  });
});
