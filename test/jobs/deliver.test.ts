import nock from 'nock';
import type PgBoss from 'pg-boss';
import { keptAndCountedAgain } from '../helpers/kept-counts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startTestBoss } from '../helpers/boss';
import { peoplePage, peopleRuntime, VALID_CREDIT_CODE } from '../helpers/subjects-stream';
import { batchMembers, markBatchRetry, splitBatch, startBatchAttempt } from '../../src/db/queries/batches';
import { createDeliverHandler } from '../../src/jobs/deliver';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { createNationalClient } from '../../src/national/client';
import { stagePage } from '../../src/pipeline/stage';
import { batchBody, formBatches } from '../../src/pipeline/batch';
import { FormedBatches } from '../../src/pipeline/formed-batches';
import type { PipelineDeps } from '../../src/pipeline/types';

const BASE = 'http://national.test';
const APP_KEY = 'k-deliver';

/** The national platform answering with each §3.2 case, mocked at the socket level. */
describe('delivery: every answer of §3.2', () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let deps: PipelineDeps;
  let deliver: ReturnType<typeof createDeliverHandler>;
  let client: ReturnType<typeof createNationalClient>;
  let seq = 0;
  const acquired: number[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    boss = await startTestBoss(t);
    const codeLists = loadBundledCodeLists();
    const validator = createValidator({ codeLists, regionScope: '62' });
    const tables = loadTranslationTables();
    deps = { tables: () => tables, validator: () => validator, now: () => Date.parse('2026-01-05T02:00:00Z'), log: silentLogger() };
    client = createNationalClient({
      baseUrl: `${BASE}/ntp/v1`,
      appKey: APP_KEY,
      appSecret: 'secret-deliver',
      signMethod: 'HMAC-SHA256',
      timeoutMs: 2000,
    });
    deliver = createDeliverHandler({
      db: t.db,
      boss,
      client,
      limiter: { acquire: async () => void acquired.push(Date.now()) },
      appKey: APP_KEY,
      log: silentLogger(),
      pauseRecheckMs: 60_000,
    });
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });

  afterAll(async () => {
    nock.enableNetConnect();
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  /** Stages `n` new subjects and forms one batch; returns its id. */
  async function newBatch(n = 2): Promise<string> {
    const people = Array.from({ length: n }, () => ({
      id: `d${++seq}`,
      name: `公司${seq}`,
      code: VALID_CREDIT_CODE,
      gx: '2024-06-12 08:00:00',
    }));
    await stagePage(t.db, peopleRuntime(), peoplePage(people, seq), deps, { storeCursor: true });
    await formBatches(t.db, boss, 'subjects', { maxRecords: 500, maxBytes: 4 * 1024 * 1024 });
    const r = await t.db.query(`SELECT batch_id FROM batches WHERE state = 'queued' ORDER BY created_at DESC LIMIT 1`);
    return r.rows[0].batch_id;
  }
  const batch = async (id: string) => (await t.db.query('SELECT * FROM batches WHERE batch_id = $1', [id])).rows[0];
  const receiptFor = (
    body: { batchId: string; records: Array<{ recordId: string }> },
    status: (i: number) => string = () => 'ACCEPTED',
  ) => ({
    code: '0',
    message: 'ok',
    receiptId: `r-${body.batchId}`,
    batchId: body.batchId,
    accepted: body.records.length,
    duplicate: 0,
    rejected: 0,
    results: body.records.map((r, index) => ({
      index,
      recordId: r.recordId,
      status: status(index),
      ...(status(index) === 'REJECTED' ? { errors: [{ code: 'E4003', path: '/subjectType', message: 'not in code list' }] } : {}),
    })),
  });
  const upload = () => nock(BASE).post('/ntp/v1/subjects/batch');

  beforeEach(async () => {
    await t.db.query('UPDATE national_state SET paused = false');
  });

  it('success: every record gets its status; REJECTED goes to quarantine with the platform errors; DUPLICATE counts as delivered', async () => {
    const id = await newBatch(3);
    upload().reply(200, (_u, body) => receiptFor(body as never, (i) => ['ACCEPTED', 'DUPLICATE', 'REJECTED'][i]!));
    await deliver({ batchId: id, interface: 'subjects' });
    expect(await batch(id)).toMatchObject({ state: 'delivered', receipt_id: `r-${id}` });
    const states = (
      await t.db.query('SELECT state FROM national_record_states WHERE batch_id = $1 ORDER BY batch_position', [id])
    ).rows.map((r) => r.state);
    expect(states).toEqual(['accepted', 'duplicate', 'rejected']);
    const q = (
      await t.db.query(`SELECT q.stage, q.reasons, q.errors, q.stream, q.source_key = s.source_key AND q.stream = s.stream AS same_source
                                   FROM quarantine q JOIN source_records s ON s.id = q.source_record_id WHERE q.national_record_id IS NOT NULL`)
    ).rows;
    expect(q).toEqual([
      {
        stage: 'platform',
        reasons: ['E4003'],
        errors: [{ code: 'E4003', path: '/subjectType', message: 'not in code list' }],
        stream: peopleRuntime().stream,
        same_source: true,
      },
    ]);
    const counts = await keptAndCountedAgain(t.db);
    expect(counts.kept).toEqual(counts.counted);
  });

  it('two deliveries of one batch at once (a job run again while the first still runs) store its receipt and counts once', async () => {
    const id = await newBatch(2);
    let posts = 0;
    upload()
      .times(2)
      .reply(200, (_u, body) => (posts++, receiptFor(body as never, (i) => ['ACCEPTED', 'DUPLICATE'][i]!)));
    await Promise.all([deliver({ batchId: id, interface: 'subjects' }), deliver({ batchId: id, interface: 'subjects' })]);
    // Whichever way the two interleave, one receipt is stored: the second run either finds the batch
    // delivered before it sends, or sends and then finds it delivered when it stores its receipt.
    const b = await batch(id);
    expect(b).toMatchObject({ state: 'delivered', receipt_id: `r-${id}` });
    expect(b.attempts).toBe(posts);
    const outcomes = (await t.db.query('SELECT count(*)::int AS n FROM record_outcomes WHERE batch_id = $1', [id])).rows[0].n;
    expect(outcomes).toBe(1);
    const counts = await keptAndCountedAgain(t.db);
    expect(counts.kept).toEqual(counts.counted);
    nock.cleanAll();
  });

  /** A handler on a pool that notes each statement (its name, or its text) and each transaction opened, and the bodies it posts. */
  function observedHandler(afterReceipt?: Parameters<typeof createDeliverHandler>[0]['afterReceipt'], formed?: FormedBatches) {
    const sent: Buffer[] = [];
    const seen = { statements: [] as string[], transactions: 0 };
    const db = new Proxy(t.db, {
      get(target, prop) {
        if (prop === 'query')
          return (q: unknown, ...rest: unknown[]) => {
            seen.statements.push(typeof q === 'string' ? q : ((q as { name?: string; text: string }).name ?? (q as { text: string }).text));
            return (target.query as (...a: unknown[]) => unknown)(q, ...rest);
          };
        if (prop === 'connect') return () => (seen.transactions++, target.connect());
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const handler = createDeliverHandler({
      db,
      boss,
      client: { postBatch: (iface, body) => (sent.push(body), client.postBatch(iface, body)) },
      limiter: { acquire: async () => undefined },
      appKey: APP_KEY,
      log: silentLogger(),
      afterReceipt,
      formed,
    });
    return { seen, handler, sent };
  }

  it('a batch whose records are all accepted takes two statements and no transaction: the attempt with its members, then the receipt with its counts', async () => {
    const id = await newBatch(3);
    const { seen, handler } = observedHandler();
    upload().reply(200, (_u, body) => receiptFor(body as never));
    await handler({ batchId: id, interface: 'subjects' });
    expect(await batch(id)).toMatchObject({ state: 'delivered', receipt_id: `r-${id}`, attempts: 1 });
    expect(seen.transactions).toBe(0);
    expect(seen.statements.filter((s) => s.startsWith('batch-'))).toEqual(['batch-attempt', 'batch-receipt']);
    const states = (await t.db.query('SELECT state FROM national_record_states WHERE batch_id = $1', [id])).rows.map((r) => r.state);
    expect(states).toEqual(['accepted', 'accepted', 'accepted']);
    const counts = await keptAndCountedAgain(t.db);
    expect(counts.kept).toEqual(counts.counted);
  });

  it("work of an interface's receipt runs in the receipt's transaction; when it fails, the receipt is not stored and the batch is tried again", async () => {
    const ok = await newBatch(2);
    const seenInside: string[] = [];
    const { seen, handler } = observedHandler((iface, ids) =>
      iface === 'subjects'
        ? async (tx) => {
            seenInside.push((await tx.query('SELECT state FROM batches WHERE batch_id = $1', [ok])).rows[0].state, String(ids.length));
          }
        : undefined,
    );
    upload().reply(200, (_u, body) => receiptFor(body as never));
    await handler({ batchId: ok, interface: 'subjects' });
    expect(seenInside).toEqual(['delivered', '2']);
    expect(seen.transactions).toBe(1);

    const failing = await newBatch(2);
    const { handler: failingHandler } = observedHandler(() => async () => {
      throw new Error('the notice job could not be enqueued');
    });
    upload().reply(200, (_u, body) => receiptFor(body as never));
    await expect(failingHandler({ batchId: failing, interface: 'subjects' })).rejects.toThrow('could not be enqueued');
    expect(await batch(failing)).toMatchObject({ state: 'sending', receipt_id: null });
    const counts = await keptAndCountedAgain(t.db);
    expect(counts.kept).toEqual(counts.counted);
  });

  it('a run of the job that read the batch before another run delivered it sends nothing and changes nothing', async () => {
    const id = await newBatch(1);
    upload().reply(200, (_u, body) => receiptFor(body as never));
    await deliver({ batchId: id, interface: 'subjects' });
    const delivered = await batch(id);
    expect(delivered.state).toBe('delivered');
    // The late run's attempt, retry and split all leave the delivered batch as it is.
    expect(await startBatchAttempt(t.db, id, APP_KEY)).toEqual({ kind: 'unsendable' });
    await markBatchRetry(t.db, {
      batchId: id,
      state: 'queued',
      nextAttemptAt: new Date(),
      status: 500,
      code: 'E9000',
      error: 'late',
      countAttempt: true,
    });
    expect(await splitBatch(t.db, id, 'late')).toBe(false);
    expect(await batch(id)).toEqual(delivered);
  });

  it('sends the same bytes and batchId on every attempt', async () => {
    const id = await newBatch();
    const bodies: string[] = [];
    upload().reply(500, (_u, body) => (bodies.push(JSON.stringify(body)), { code: 'E9000', message: 'platform error' }));
    await deliver({ batchId: id, interface: 'subjects' });
    upload().reply(200, (_u, body) => (bodies.push(JSON.stringify(body)), receiptFor(body as never)));
    await deliver({ batchId: id, interface: 'subjects' });
    expect(bodies[0]).toBe(bodies[1]);
    expect(JSON.parse(bodies[0]!).batchId).toBe(id);
  });

  /** Stages `n` new subjects as a pull does, forming one full batch in the page's transaction; returns it. */
  async function batchFormedWithPage(n: number) {
    const people = Array.from({ length: n }, () => ({
      id: `f${++seq}`,
      name: `公司${seq}`,
      code: VALID_CREDIT_CODE,
      gx: '2024-06-12 08:00:00',
    }));
    const res = await stagePage(t.db, peopleRuntime(), peoplePage(people, seq), deps, {
      storeCursor: true,
      batches: { boss, limits: { maxRecords: n, maxBytes: 4 * 1024 * 1024 } },
    });
    expect(res.formed).toHaveLength(1);
    return res.formed[0]!;
  }

  it('sends a batch its process formed from what it holds, the same bytes as read back, and reads the members again for a later attempt', async () => {
    const formed = new FormedBatches();
    const held = await batchFormedWithPage(3);
    formed.put(held);
    const stored = batchBody(
      held.batchId,
      (await batchMembers(t.db, held.batchId)).map((m) => m.body),
    );
    const { seen, handler, sent } = observedHandler(undefined, formed);
    upload().reply(500, { code: 'E9000', message: 'platform error' });
    await handler({ batchId: held.batchId, interface: 'subjects' });
    expect(formed.size).toEqual({ batches: 0, bytes: 0 });
    upload().reply(200, (_u, body) => receiptFor(body as never));
    await handler({ batchId: held.batchId, interface: 'subjects' });
    expect(seen.statements.filter((s) => s.startsWith('batch-'))).toEqual(['batch-attempt-only', 'batch-attempt', 'batch-receipt']);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.equals(stored)).toBe(true);
    expect(sent[1]!.equals(stored)).toBe(true);
    expect(await batch(held.batchId)).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('matches the receipt of a held batch to its records and quarantines a refused one under its source record', async () => {
    const formed = new FormedBatches();
    const held = await batchFormedWithPage(2);
    formed.put(held);
    upload().reply(200, (_u, body) => receiptFor(body as never, (i) => (i === 1 ? 'REJECTED' : 'ACCEPTED')));
    const { seen, handler } = observedHandler(undefined, formed);
    await handler({ batchId: held.batchId, interface: 'subjects' });
    expect(seen.statements[0]).toBe('batch-attempt-only');
    const states = (
      await t.db.query('SELECT record_id, state FROM national_record_states WHERE batch_id = $1 ORDER BY batch_position', [held.batchId])
    ).rows;
    expect(states.map((r) => r.state)).toEqual(['accepted', 'rejected']);
    const q = (
      await t.db.query(
        `SELECT q.record_id, q.national_record_id, q.stream, q.source_key = s.source_key AS same_source
           FROM quarantine q JOIN source_records s ON s.id = q.source_record_id WHERE q.national_record_id = $1`,
        [held.members[1]!.id],
      )
    ).rows;
    expect(q).toEqual([{ record_id: states[1].record_id, national_record_id: held.members[1]!.id, stream: 'people', same_source: true }]);
    const counts = await keptAndCountedAgain(t.db);
    expect(counts.kept).toEqual(counts.counted);
  });

  it('500 and network errors: retried later with backoff, counted as attempts, nothing lost', async () => {
    const id = await newBatch();
    upload().reply(500, { code: 'E9000', message: 'platform error' });
    await deliver({ batchId: id, interface: 'subjects' });
    let b = await batch(id);
    expect(b).toMatchObject({ state: 'queued', attempts: 1, last_status: 500, last_code: 'E9000' });
    expect(b.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 500);
    upload().replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await deliver({ batchId: id, interface: 'subjects' });
    upload().reply(500, { code: 'E9000', message: 'platform error' });
    await deliver({ batchId: id, interface: 'subjects' });
    b = await batch(id);
    expect(b).toMatchObject({ state: 'failing', attempts: 3 });
    const records = (await t.db.query('SELECT state FROM national_record_states WHERE batch_id = $1', [id])).rows;
    expect(records.every((r) => r.state === 'batched')).toBe(true);
    const jobs = (
      await t.db.query(
        `SELECT count(*)::int n FROM ${t.bossSchema}.job WHERE name = 'deliver' AND data->>'batchId' = $1 AND state = 'created' AND start_after > created_on`,
        [id],
      )
    ).rows[0].n;
    expect(jobs).toBe(3); // one delayed retry per failure (plus the job that formed the batch)
  });

  it('429: waits at least Retry-After', async () => {
    const id = await newBatch();
    upload().reply(429, { code: 'E3001', message: 'rate limit' }, { 'Retry-After': '120' });
    const before = Date.now();
    await deliver({ batchId: id, interface: 'subjects' });
    const b = await batch(id);
    expect(b.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(b.last_code).toBe('E3001');
  });

  it('503 maintenance: follows the hint without burning an attempt', async () => {
    const id = await newBatch();
    upload().reply(503, { code: 'E9001', message: 'maintenance' }, { 'Retry-After': new Date(Date.now() + 300_000).toUTCString() });
    await deliver({ batchId: id, interface: 'subjects' });
    const b = await batch(id);
    expect(b.attempts).toBe(0);
    expect(b.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 250_000);
  });

  it('E2002/E2003: re-signed with a fresh timestamp and nonce and sent again at once', async () => {
    const id = await newBatch();
    const nonces: string[] = [];
    upload().reply(function () {
      nonces.push(this.req.headers['x-nonce'] as string);
      return [401, { code: 'E2003', message: 'nonce reused' }];
    });
    upload().reply(function (_u, body) {
      nonces.push(this.req.headers['x-nonce'] as string);
      return [200, receiptFor(body as never)];
    });
    await deliver({ batchId: id, interface: 'subjects' });
    expect(await batch(id)).toMatchObject({ state: 'delivered' });
    expect(new Set(nonces).size).toBe(2);
  });

  it('413: splits the batch in two new batches with new ids; the records keep their versions', async () => {
    const id = await newBatch(4);
    upload().reply(413, { code: 'E1002', message: 'too large' });
    await deliver({ batchId: id, interface: 'subjects' });
    expect((await batch(id)).state).toBe('split');
    const children = (await t.db.query('SELECT batch_id, record_count FROM batches WHERE parent_batch_id = $1 ORDER BY record_count', [id]))
      .rows;
    expect(children.map((c) => c.record_count)).toEqual([2, 2]);
    for (const c of children) {
      upload().reply(200, (_u, body) => receiptFor(body as never));
      await deliver({ batchId: c.batch_id, interface: 'subjects' });
    }
    expect(
      (
        await t.db.query(`SELECT count(*)::int n FROM national_record_states WHERE batch_id = ANY($1) AND state = 'accepted'`, [
          children.map((c) => c.batch_id),
        ])
      ).rows[0].n,
    ).toBe(4);
  });

  it('E2001/E2004: pauses delivery for the credential with an audit event; a paused credential sends nothing and parks the batch', async () => {
    const id = await newBatch();
    upload().reply(401, { code: 'E2001', message: 'signature does not verify' });
    await deliver({ batchId: id, interface: 'subjects' });
    const state = (await t.db.query('SELECT paused, paused_reason FROM national_state WHERE app_key = $1', [APP_KEY])).rows[0];
    expect(state.paused).toBe(true);
    expect(state.paused_reason).toContain('E2001');
    expect((await t.db.query(`SELECT count(*)::int n FROM events WHERE action = 'national:paused'`)).rows[0].n).toBe(1);
    const sentBefore = acquired.length;
    const jobs = async () =>
      (await t.db.query(`SELECT count(*)::int n FROM ${t.bossSchema}.job WHERE name = 'deliver' AND data->>'batchId' = $1`, [id])).rows[0]
        .n;
    const jobsBefore = await jobs();
    await deliver({ batchId: id, interface: 'subjects' });
    expect(acquired.length).toBe(sentBefore);
    // Parked: no further job until the credential is resumed (test/jobs/parked-batches.test.ts).
    expect(await batch(id)).toMatchObject({ state: 'queued', parked_at: expect.any(Date) });
    expect(await jobs()).toBe(jobsBefore);
  });

  it('E1000-class refusals: the batch is held for an operator, not retried unchanged', async () => {
    const id = await newBatch();
    upload().reply(400, { code: 'E1000', message: 'bad body' });
    await deliver({ batchId: id, interface: 'subjects' });
    expect(await batch(id)).toMatchObject({ state: 'blocked', last_code: 'E1000' });
    await deliver({ batchId: id, interface: 'subjects' }); // a stray job does nothing
    expect((await t.db.query(`SELECT count(*)::int n FROM events WHERE action = 'batch:blocked' AND subject = $1`, [id])).rows[0].n).toBe(
      1,
    );
  });

  it('a receipt that does not match the batch is not applied; the batch is retried', async () => {
    const id = await newBatch(2);
    upload().reply(200, (_u, body) => {
      const r = receiptFor(body as never);
      r.results.reverse();
      return r;
    });
    await deliver({ batchId: id, interface: 'subjects' });
    const b = await batch(id);
    expect(b.state).toBe('queued');
    expect(b.last_code).toBe('TG_RECEIPT_MISMATCH');
    expect(
      (await t.db.query(`SELECT count(*)::int n FROM national_record_states WHERE batch_id = $1 AND state = 'batched'`, [id])).rows[0].n,
    ).toBe(2);
  });
});
