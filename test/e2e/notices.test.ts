import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/db';
import { startFleet, type Fleet } from '../helpers/fleet';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import type { Notice } from '../../src/national/notices';
import { NATIONAL_INTERFACES } from '../../src/national/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `check` to hold, polling; fails with `what` after `limitMs` (a bound, not a timing assertion). */
async function until<T>(what: string, limitMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await sleep(250);
  }
}

/**
 * §8.6 over what the platform holds for one appKey, written independently of the gateway's walk: the
 * expected findings of a notice.
 */
function platformChain(
  records: Array<{ iface: string; recordId: string; record: Record<string, any> }>,
  traceCodes: readonly string[],
): string[] {
  const s = new Set(traceCodes);
  const certs = new Set<string>();
  const chain = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const r of records) {
      const key = `${r.iface}:${r.recordId}`;
      if (chain.has(key)) continue;
      const b = r.record;
      const hit =
        (['batches', 'inspections', 'certificates', 'slaughter', 'entries', 'trades'].includes(r.iface) && s.has(b.traceCode)) ||
        (r.iface === 'trades' && s.has(b.parentTraceCode)) ||
        (r.iface === 'transports' && (b.traceCodes as string[]).some((c) => s.has(c))) ||
        (r.iface === 'entries' && b.originCertificateNo !== undefined && certs.has(b.originCertificateNo));
      if (!hit) continue;
      chain.add(key);
      grew = true;
      if (r.iface === 'trades' || r.iface === 'entries') s.add(b.traceCode);
      if (r.iface === 'certificates') certs.add(b.certificateNo);
    }
  }
  return [...chain].sort();
}

describe('notices end to end: the mock platform issues notices about delivered lots, the gateway answers them, kill -9 included', () => {
  let fleet: Fleet;
  let db: pg.Client;
  let gw: GatewayProcess;
  let env: Record<string, string>;
  const api = async (method: string, path: string, body?: unknown) => {
    const port = await gw.ready;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const restart = async () => {
    gw.kill('SIGKILL');
    await gw.exited;
    gw = spawnGateway(env);
    await gw.ready;
  };
  const responsesOf = (noticeId: string) => fleet.mock.notices.view(noticeId)?.responses[fleet.appKey] ?? [];

  beforeAll(async () => {
    fleet = await startFleet({
      databaseUrl: testDatabaseUrl(),
      seed: 20261205,
      initialRecords: 40,
      newRecordsPerMinute: 0,
      nationalFaultShare: 0,
      sourceFaultShare: 0,
    });
    env = { ...fleet.env, NOTICES_POLL_SECONDS: '1', NOTICES_RAISE: 'auto' };
    db = new pg.Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${fleet.schema},public` });
    await db.connect();
    gw = spawnGateway(env);
    await gw.ready;
  }, 120_000);
  afterAll(async () => {
    if (process.env.TG_TEST_KEEP_LOGS) process.stderr.write(gw?.lines.slice(-80).join('\n') + '\n');
    gw?.kill('SIGKILL');
    await gw?.exited;
    await db?.end();
    await fleet?.close();
    const c = new pg.Client({ connectionString: testDatabaseUrl() });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${fleet.schema} CASCADE`);
    await c.query(`DROP SCHEMA IF EXISTS ${fleet.bossSchema} CASCADE`);
    await c.end();
  });

  it('acknowledges every notice, answers TRACE-only ones with exactly the §8.6 chain, the others after actions, nothing after a withdrawal, nothing twice', async () => {
    // Everything pulled is delivered first: the notices are about lots the gateway delivered.
    // A first pull of every adapter has finished (so every stream is staged) before nothing is left to send.
    await until('delivery to settle', 150_000, async () => {
      const pulled = await db.query(`SELECT count(DISTINCT adapter_id)::int AS n FROM pulls WHERE outcome = 'ok'`);
      if (pulled.rows[0].n < 3) return false;
      const r = await db.query(
        `SELECT count(*) FILTER (WHERE state IN ('pending', 'batched'))::int AS open, count(*) FILTER (WHERE state IN ('accepted', 'duplicate'))::int AS done FROM national_record_states`,
      );
      return r.rows[0].open === 0 && r.rows[0].done > 100 && r.rows[0];
    });
    const lots = await db.query(
      `SELECT DISTINCT ON (trace_code) trace_code, body::jsonb ->> 'productCode' AS product FROM national_record_states
        WHERE interface IN ('batches', 'entries') AND state IN ('accepted', 'duplicate') AND body::jsonb ? 'productCode' ORDER BY trace_code LIMIT 30`,
    );
    expect(lots.rows.length).toBeGreaterThanOrEqual(20);
    const issue = (i: number): Notice => {
      const lot = lots.rows[i]!;
      const traceOnly = i < 12;
      return fleet.mock.notices.issue({
        kind: traceOnly ? 'PROBLEM_PRODUCT' : 'RECALL',
        severity: 'HIGH',
        issuerRegion: '110101',
        targetRegions: ['62'],
        traceCodes: [lot.trace_code],
        productCode: lot.product,
        hazard: `notice ${i}: residue above the limit`,
        actionsRequired: traceOnly ? ['TRACE'] : ['TRACE', 'OFF_SHELF', 'RECALL'],
      });
    };
    const issued: Notice[] = [];
    for (let i = 0; i < 10; i++) issued.push(issue(i));
    // kill -9 in the middle: as soon as the first answers arrive.
    await until('a first acknowledgement', 60_000, async () => issued.some((n) => responsesOf(n.noticeId).length > 0));
    await restart();
    for (let i = 10; i < 20; i++) issued.push(issue(i));
    await until('every notice acknowledged', 90_000, async () =>
      issued.every((n) => responsesOf(n.noticeId).some((r) => r.status === 'ACKNOWLEDGED')),
    );

    const traceOnly = issued.slice(0, 12);
    const acting = issued.slice(12);
    const amended = fleet.mock.notices.amend(acting[0]!.noticeId, { traceCodes: [lots.rows[12]!.trace_code, lots.rows[25]!.trace_code] });
    const withdrawnId = acting[1]!.noticeId;
    fleet.mock.notices.withdraw(withdrawnId);
    await until('the amendment and the withdrawal read', 60_000, async () => {
      const r = await db.query(`SELECT notice_id, revision, case_state FROM notices WHERE notice_id = ANY($1)`, [
        [amended.noticeId, withdrawnId],
      ]);
      const byId = new Map(r.rows.map((x) => [x.notice_id, x]));
      return byId.get(amended.noticeId)?.revision === 2 && byId.get(withdrawnId)?.case_state === 'withdrawn';
    });

    // Operators act through the API; the withdrawn case refuses actions.
    expect((await api('POST', `/api/notices/${withdrawnId}/actions`, { action: 'OFF_SHELF' })).status).toBe(409);
    const open = acting.filter((n) => n.noticeId !== withdrawnId);
    for (const [k, n] of open.entries()) {
      if (k === 0)
        expect(
          (await api('POST', `/api/notices/${n.noticeId}/actions`, { action: 'OFF_SHELF', quantity: 12.5, unit: 'kg' })).body.message,
        ).toMatch(/not in the national code list units/);
      const off = await api('POST', `/api/notices/${n.noticeId}/actions`, {
        action: 'OFF_SHELF',
        quantity: 12.5,
        unit: 'KG',
        note: `stall ${k}`,
      });
      expect(off.status, JSON.stringify(off.body)).toBe(201);
      if (k === 2) await restart();
      const recall = await api('POST', `/api/notices/${n.noticeId}/actions`, { action: 'RECALL' });
      expect(recall.status, JSON.stringify(recall.body)).toBe(201);
      const closed = await api('POST', `/api/notices/${n.noticeId}/close`, { note: 'lots withdrawn from sale' });
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    }
    await restart();
    await until('every final answer at the platform', 90_000, async () => {
      if ([...traceOnly, ...open].every((n) => responsesOf(n.noticeId).some((r) => r.status === 'COMPLETED' || r.status === 'NOT_FOUND')))
        return true;
      const refused = await db.query(`SELECT notice_id, status, last_error FROM notice_responses WHERE outcome = 'refused'`);
      if (refused.rows.length > 0) throw new Error(`answers refused: ${JSON.stringify(refused.rows)}`);
      return false;
    });

    // What the platform holds for this appKey, to compute each expected chain independently.
    const held = new Map<string, { iface: string; recordId: string; record: Record<string, any> }>();
    for (const a of fleet.mock.acceptLog()) {
      if (a.appKey !== fleet.appKey) continue;
      const v = fleet.mock.storedRecord(fleet.appKey, a.iface, a.recordId);
      if (v) held.set(`${a.iface}:${a.recordId}`, { iface: a.iface, recordId: a.recordId, record: v.record });
    }
    const records = [...held.values()];
    const latest = (n: Notice) => fleet.mock.notices.view(n.noticeId)!.notice;
    for (const n of traceOnly) {
      const rs = responsesOf(n.noticeId);
      const expected = platformChain(records, latest(n).traceCodes);
      expect(
        rs.map((r) => r.status),
        n.noticeId,
      ).toEqual(['ACKNOWLEDGED', expected.length > 0 ? 'COMPLETED' : 'NOT_FOUND']);
      expect(((rs[1]!.findings ?? []) as any[]).map((f) => `${f.interface}:${f.recordId}`).sort(), n.noticeId).toEqual(expected);
    }
    expect(traceOnly.some((n) => responsesOf(n.noticeId)[1]!.status === 'COMPLETED')).toBe(true);
    for (const n of open) {
      const rs = responsesOf(n.noticeId);
      expect(
        rs.map((r) => r.status),
        n.noticeId,
      ).toEqual(['ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED']);
      expect((rs[2]!.findings as any[]).map((f) => `${f.interface}:${f.recordId}`).sort(), n.noticeId).toEqual(
        platformChain(records, latest(n).traceCodes),
      );
    }
    expect(latest(amended).revision).toBe(2);
    expect(responsesOf(withdrawnId).map((r) => r.status)).toEqual(['ACKNOWLEDGED']);

    // The gateway's own record: each answer once, all sent, none for the withdrawn notice after the withdrawal.
    const ours = await db.query(`SELECT notice_id, status, outcome FROM notice_responses ORDER BY seq`);
    const keys = ours.rows.map((r) => `${r.notice_id}:${r.status}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ours.rows.filter((r) => r.notice_id !== withdrawnId).every((r) => r.outcome === 'sent')).toBe(true);
    const sentAtPlatform = issued.reduce((sum, n) => sum + responsesOf(n.noticeId).length, 0);
    expect(ours.rows.filter((r) => r.outcome === 'sent').length).toBe(sentAtPlatform);
    expect(ours.rows.filter((r) => r.notice_id === withdrawnId && r.outcome === 'sent').map((r) => r.status)).toEqual(['ACKNOWLEDGED']);

    // The case report of one closed case.
    const report = await api('GET', `/api/notices/${open[0]!.noticeId}/report`);
    expect(report.status).toBe(200);
    expect(report.body.answers.map((a: any) => a.status)).toEqual(['ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED']);
    expect(report.body.actions.map((a: any) => a.action)).toEqual(['OFF_SHELF', 'RECALL']);
  }, 600_000);

  it('a failed inspection in the simulator data raises a notice the platform accepts (notices.raise = auto)', async () => {
    const failed = await db.query(
      `SELECT record_id FROM national_record_states WHERE interface = 'inspections' AND state IN ('accepted', 'duplicate') AND body::jsonb ->> 'conclusion' = 'FAIL'`,
    );
    expect(failed.rows.length).toBeGreaterThan(0);
    // The platform's answer is stored just after it is given: wait for both sides to agree.
    const raised = await until('a raised notice accepted by the platform and stored as such', 60_000, async () => {
      const list = fleet.mock.notices.list().filter((v) => v.raisedBy === fleet.appKey);
      const stored = await db.query(`SELECT count(*)::int AS n FROM raised_notices WHERE state = 'accepted'`);
      return list.length > 0 && stored.rows[0].n === list.length && list;
    });
    const r = await db.query(`SELECT state, notice_id, evidence_record FROM raised_notices WHERE state = 'accepted'`);
    expect(r.rows.map((x) => x.notice_id).sort()).toEqual(raised.map((v) => v.notice.noticeId).sort());
    expect(r.rows.every((x) => failed.rows.some((f) => x.evidence_record === `inspections:${f.record_id}`))).toBe(true);
    // A raised notice covers its trace codes like a received one.
    const covered = await db.query(`SELECT notice_id FROM notices WHERE origin = 'raised'`);
    expect(covered.rows.length).toBe(r.rows.length);
    expect(NATIONAL_INTERFACES).toContain('inspections');
  }, 120_000);
});
