import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/db';
import { startFleet, type Fleet } from '../helpers/fleet';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { isValidResidentId } from '../../src/national/check-characters';

const ID_LIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/** Every resident ID number that reached the gateway, read from the raw payloads it stored. */
async function residentIdsIn(db: pg.Client): Promise<string[]> {
  const r = await db.query('SELECT payload::text AS p FROM source_records');
  const ids = new Set<string>();
  for (const row of r.rows) for (const m of (row.p as string).matchAll(ID_LIKE)) if (isValidResidentId(m[0].toUpperCase())) ids.add(m[0]);
  return [...ids];
}

describe('a full run at debug level', () => {
  let fleet: Fleet;
  let gateway: GatewayProcess;
  let db: pg.Client;

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await gateway?.exited;
    await db
      ?.query(`DROP SCHEMA IF EXISTS ${fleet.schema} CASCADE; DROP SCHEMA IF EXISTS ${fleet.bossSchema} CASCADE`)
      .catch(() => undefined);
    await db?.end();
    await fleet?.close();
  });

  it('never writes a configured secret or a resident ID number to its logs or API answers', async () => {
    fleet = await startFleet({
      databaseUrl: testDatabaseUrl(),
      seed: 99,
      initialRecords: 15,
      newRecordsPerMinute: 0,
      nationalFaultShare: 0.2,
      sourceFaultShare: 0.2,
    });
    gateway = spawnGateway({ ...fleet.env, LOG_LEVEL: 'debug' });
    const port = await gateway.ready;
    db = new pg.Client({ connectionString: testDatabaseUrl(), options: `-c search_path=${fleet.schema},public` });
    await db.connect();
    const valid = fleet.catalog().filter((c) => c.expected === 'valid').length;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const n = (await db.query(`SELECT count(*)::int n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n as number;
      if (n >= valid) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const auth = { authorization: `Bearer ${fleet.env.ADMIN_TOKEN}` };
    const answers: string[] = [];
    for (const route of [
      '/api/status',
      '/api/adapters',
      '/api/quarantine?limit=500',
      '/api/records?limit=500',
      '/api/events?limit=500',
      '/metrics',
    ]) {
      const res = await fetch(`http://127.0.0.1:${port}${route}`, { headers: auth });
      expect(res.status, route).toBe(200);
      answers.push(await res.text());
    }
    const q = JSON.parse(answers[2]!) as { items?: Array<{ id: number }> };
    for (const item of (q.items ?? []).slice(0, 20))
      answers.push(await (await fetch(`http://127.0.0.1:${port}/api/quarantine/${item.id}`, { headers: auth })).text());

    const residentIds = await residentIdsIn(db);
    expect(residentIds.length).toBeGreaterThan(0);
    const logs = gateway.lines.join('\n');
    expect(logs.length).toBeGreaterThan(10_000);
    for (const secret of fleet.secrets) {
      expect(logs.includes(secret), 'a configured secret in the logs').toBe(false);
      for (const a of answers) expect(a.includes(secret), 'a configured secret in an API answer').toBe(false);
    }
    for (const id of residentIds) {
      expect(logs.includes(id), `resident ID ${id.slice(0, 4)}… in the logs`).toBe(false);
      for (const a of answers) expect(a.includes(id), `resident ID ${id.slice(0, 4)}… in an API answer`).toBe(false);
    }
  }, 200_000);
});
