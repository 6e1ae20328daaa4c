import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPaused } from '../../src/db/queries/national-state';
import { VALID_CREDIT_CODE } from './support/fixture-source';
import { APP_KEY, eventually, startTestGateway, type TestGateway } from './support/test-gateway';

describe('status of adapters, interfaces and the national platform', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter('fx-people');
    g.source.rows.push(
      { id: 'a', name: '甲公司', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 08:00:01' },
      { id: 'b', name: '乙公司', code: VALID_CREDIT_CODE, kind: '??', gx: '2026-01-05 08:00:02' },
    );
    await g.gw.pullNow('fx-people');
    await eventually(
      async () =>
        (await g.call('GET', '/api/interfaces', { token: g.tokens.viewer })).body.find((i: any) => i.interface === 'subjects').delivered ===
        1,
    );
  });
  afterAll(async () => {
    await g?.stop();
  });
  const viewer = async (path: string) => (await g.call('GET', path, { token: g.tokens.viewer })).body;

  it('reports each adapter with its last pull, cursor, counts and health', async () => {
    const a = (await viewer('/api/adapters')).find((x: any) => x.id === 'fx-people');
    expect(a).toMatchObject({
      state: 'idle',
      lastOutcome: 'ok',
      consecutiveFailures: 0,
      health: 'amber',
      counts: { pulled: 2, quarantinedOpen: 1 },
    });
    expect(a.cursors.people.cursor).toEqual({ gx: '2026-01-05 08:00:02' });
    expect(a.lastPull).toMatchObject({ mode: 'manual', outcome: 'ok', records: 2 });
    expect(a.lagSeconds).toBeGreaterThanOrEqual(0);
    const one = await viewer('/api/adapters/fx-people');
    expect(one).toMatchObject({ id: 'fx-people', live: true, declaration: { kind: 'fixture-people' } });
    expect((await g.call('GET', '/api/adapters/none', { token: g.tokens.viewer })).status).toBe(404);
  });

  it('reports each interface with its counts, and the platform reachable', async () => {
    const subjects = (await viewer('/api/interfaces')).find((i: any) => i.interface === 'subjects');
    expect(subjects).toMatchObject({
      pending: 0,
      inFlight: 0,
      delivered: 1,
      accepted: 1,
      quarantined: 1,
      failingBatches: 0,
      health: 'amber',
    });
    const batches = (await viewer('/api/interfaces')).find((i: any) => i.interface === 'batches');
    expect(batches).toMatchObject({ pending: 0, delivered: 0, health: 'green' });
    // The last good answer is stamped just after the receipt's transaction, and status reads are
    // shared for up to 2 s: a read made in between shows the platform not yet reached.
    const national = await eventually(async () => {
      const n = await viewer('/api/national');
      return n.reachable ? n : null;
    });
    expect(national).toMatchObject({ reachable: true, paused: false, health: 'green' });
    expect(Object.keys(national.codeListVersions)).toContain('units');
  });

  it('shows a paused credential in red until an operator resumes it; the resume is audited and sends what waited', async () => {
    await setPaused(g.gw.db, APP_KEY, true, 'E2004: appKey disabled');
    // A batch formed while paused is parked by its deliver job, which then ends.
    g.source.rows.push({ id: 'c', name: '丙公司', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 08:00:03' });
    await g.gw.pullNow('fx-people');
    const parked = await eventually(async () => {
      const r = await g.gw.db.query('SELECT batch_id FROM batches WHERE parked_at IS NOT NULL');
      return r.rows.length === 1 ? r.rows[0].batch_id : null;
    });
    // Status reads are shared for up to 2 s, so a change made behind the API's back shows within that.
    const paused = await eventually(async () => {
      const s = await viewer('/api/status');
      return s.national.paused ? s : null;
    });
    expect(paused.national).toMatchObject({ paused: true, pausedReason: 'E2004: appKey disabled', health: 'red' });
    expect(paused.interfaces.every((i: any) => i.health === 'red')).toBe(true);

    expect((await g.call('POST', '/api/national/resume', { token: g.tokens.viewer })).status).toBe(403);
    const resumed = await g.call('POST', '/api/national/resume', { token: g.tokens.operator });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ paused: false, pausedReason: null });
    const ev = (await viewer('/api/events?action=national:resumed')).items[0];
    expect(ev).toMatchObject({ actor: 'ops-alice', subject: APP_KEY, details: { changed: true, requeued: 1 } });
    await eventually(
      async () => (await g.gw.db.query(`SELECT 1 FROM batches WHERE batch_id = $1 AND state = 'delivered'`, [parked])).rows[0],
    );
    const subjects = await eventually(async () => {
      const i = (await viewer('/api/interfaces')).find((x: any) => x.interface === 'subjects');
      return i.delivered === 2 ? i : null;
    });
    expect(subjects).toMatchObject({ pending: 0, inFlight: 0, accepted: 2 });
  });
});
