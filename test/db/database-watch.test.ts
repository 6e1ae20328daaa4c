import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseWatch } from '../../src/db/database-watch';
import { captureLogger } from '../helpers/log-capture';
import { testDatabaseUrl } from '../helpers/db';

/** A TCP relay to the test database that can be switched off (connections refused at once) and on. */
async function switchableRelay(target: URL): Promise<{ url: string; up: boolean; close(): void }> {
  const state = { up: true };
  const server = net.createServer((socket) => {
    if (!state.up) return void socket.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const relayed = new URL(target.toString());
  relayed.hostname = '127.0.0.1';
  relayed.port = String((server.address() as net.AddressInfo).port);
  return Object.assign(state, { url: relayed.toString(), close: () => server.close() });
}

describe('DatabaseWatch', () => {
  const relays: Array<{ close(): void }> = [];
  afterAll(() => relays.forEach((r) => r.close()));

  it('is healthy while the database answers', async () => {
    const { log } = captureLogger();
    const watch = new DatabaseWatch({ url: testDatabaseUrl(), log });
    await watch.probe();
    expect(watch.state()).toEqual({ reachable: true, downSince: null, lastError: null });
    expect(watch.liveness(60)).toMatchObject({ healthy: true, database: { reachable: true, downSeconds: 0, limitSeconds: 60 } });
  });

  it('turns unhealthy once the database has not answered for longer than the limit, and says when it answers again', async () => {
    const { log, entries } = captureLogger();
    const relay = await switchableRelay(new URL(testDatabaseUrl()));
    relays.push(relay);
    let now = 1_000_000;
    const watch = new DatabaseWatch({ url: relay.url, log, now: () => now, timeoutMs: 3000 });
    await watch.probe();
    expect(watch.state().reachable).toBe(true);

    relay.up = false;
    await watch.probe();
    expect(watch.state().reachable).toBe(false);
    expect(watch.liveness(60).healthy).toBe(true);
    now += 60_000;
    await watch.probe();
    expect(watch.liveness(60).healthy).toBe(true);
    now += 1000;
    const live = watch.liveness(60);
    expect(live.healthy).toBe(false);
    expect(live.database).toMatchObject({
      reachable: false,
      downSeconds: 61,
      limitSeconds: 60,
      downSince: new Date(1_000_000).toISOString(),
    });
    expect(live.database.error).toBeTruthy();

    relay.up = true;
    await watch.probe();
    expect(watch.liveness(60)).toMatchObject({ healthy: true, database: { reachable: true, downSince: null, error: null } });
    expect(entries.filter((e) => e.event === 'db:unreachable')).toHaveLength(1);
    expect(entries.filter((e) => e.event === 'db:reachable')).toMatchObject([{ downMs: 61_000 }]);
  });
});
