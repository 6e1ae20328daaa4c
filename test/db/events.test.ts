import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../src/db/queries/events';
import { prune } from '../../src/jobs/prune';
import { silentLogger } from '../../src/log';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

describe('the events table', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await recordEvent(t.db, { actor: { tokenId: null, name: 'system' }, action: 'test:appended', subject: 'x' });
    await expect(t.db.query(`UPDATE events SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM events')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    expect((await t.db.query(`SELECT actor FROM events WHERE action = 'test:appended'`)).rows).toEqual([{ actor: 'system' }]);
  });

  it('is never touched by retention', async () => {
    await t.db.query(`INSERT INTO events (at, actor, action) VALUES (now() - interval '400 days', 'system', 'test:old')`);
    await prune(t.db, { days: 1, log: silentLogger() });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM events WHERE action = 'test:old'`)).rows[0].n).toBe(1);
  });
});
