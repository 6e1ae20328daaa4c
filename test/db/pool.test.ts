import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPool, type Db } from '../../src/db/pool';
import { createBossDb } from '../../src/db/boss-db';
import { testDatabaseUrl } from '../helpers/db';

const backendPid = async (db: Pick<Db, 'query'>) => (await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;

describe('connection pools', () => {
  const pools: Array<{ end(): Promise<void> }> = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(pools.splice(0).map((p) => p.end()));
  });

  // pg closes a connection idle for 10 s; the idle timer is the only timer involved, so only it is faked.
  const idleFor = async (ms: number) => vi.advanceTimersByTimeAsync(ms);

  it("keeps a long-running process's connections open when idle, and reuses the same session", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const db = createPool({ url: testDatabaseUrl(), schema: 'public', max: 2, keepIdle: true });
    pools.push(db);
    const first = await backendPid(db);
    await idleFor(60_000);
    expect(db.totalCount).toBe(1);
    expect(await backendPid(db)).toBe(first);
  });

  it("closes a command's idle connections after pg's 10 s", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const db = createPool({ url: testDatabaseUrl(), schema: 'public', max: 2 });
    pools.push(db);
    await backendPid(db);
    await idleFor(9_000);
    expect(db.totalCount).toBe(1);
    await idleFor(2_000);
    expect(db.totalCount).toBe(0);
  });

  it("keeps the job loops' connections open when idle", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const boss = createBossDb({ url: testDatabaseUrl(), max: 2, applicationName: 'trace-gateway-jobs-test', relaxedCommit: true });
    pools.push(boss.pool);
    const first = (await boss.db.executeSql('SELECT pg_backend_pid() AS pid', [])).rows[0].pid;
    await idleFor(60_000);
    expect(boss.pool.totalCount).toBe(1);
    expect((await boss.db.executeSql('SELECT pg_backend_pid() AS pid', [])).rows[0].pid).toBe(first);
  });
});
