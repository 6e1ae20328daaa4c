import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAdapterEnabled } from '../../../src/db/queries/adapter-registry';
import { finishPull, startPull, upsertAdapter } from '../../../src/db/queries/adapters';
import type { AdapterDeclaration } from '../../../src/adapters/types';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';

const declaration = (id: string) => ({ id, kind: 'provincial-rest', enabled: true }) as unknown as AdapterDeclaration;

describe('adapter pull state', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  const adapterRow = async (id: string) =>
    (await t.db.query('SELECT state, last_outcome, consecutive_failures FROM adapters WHERE id = $1', [id])).rows[0];

  it('goes pulling, then idle on success and failing on failure', async () => {
    await upsertAdapter(t.db, declaration('a-live'), 'api');
    const first = await startPull(t.db, 'a-live', 'scheduled');
    expect((await adapterRow('a-live')).state).toBe('pulling');
    await finishPull(t.db, { pullId: first, adapterId: 'a-live', outcome: 'ok', error: null, configFailure: false });
    expect(await adapterRow('a-live')).toEqual({ state: 'idle', last_outcome: 'ok', consecutive_failures: 0 });
    const second = await startPull(t.db, 'a-live', 'scheduled');
    await finishPull(t.db, { pullId: second, adapterId: 'a-live', outcome: 'failed', error: 'E1', configFailure: false });
    expect(await adapterRow('a-live')).toEqual({ state: 'failing', last_outcome: 'failed', consecutive_failures: 1 });
  });

  it('stays stopped when disabled while a pull runs, the pull still recorded', async () => {
    await upsertAdapter(t.db, declaration('a-off'), 'api');
    const pullId = await startPull(t.db, 'a-off', 'manual');
    await setAdapterEnabled(t.db, 'a-off', false);
    await finishPull(t.db, { pullId, adapterId: 'a-off', outcome: 'ok', error: null, configFailure: false });
    expect(await adapterRow('a-off')).toEqual({ state: 'stopped', last_outcome: 'ok', consecutive_failures: 0 });
    expect((await t.db.query('SELECT outcome FROM pulls WHERE id = $1', [pullId])).rows[0].outcome).toBe('ok');

    await startPull(t.db, 'a-off', 'backfill');
    expect((await adapterRow('a-off')).state).toBe('stopped');
    await setAdapterEnabled(t.db, 'a-off', true);
    expect((await adapterRow('a-off')).state).toBe('idle');
  });
});
