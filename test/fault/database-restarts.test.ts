import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../helpers/fleet';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { freePort } from '../helpers/ports';
import { check, settled, type ScenarioReport } from './scenario';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` until it holds or `ms` have passed; returns whether it held. */
async function until(cond: () => boolean | Promise<boolean>, ms: number, everyMs = 250): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (
      await Promise.resolve()
        .then(cond)
        .catch(() => false)
    )
      return true;
    await sleep(everyMs);
  }
  return Promise.resolve()
    .then(cond)
    .catch(() => false);
}

const KILLS = 3;
const RESUME_LIMIT_MS = 30_000;

/**
 * A gateway on its own embedded PostgreSQL (never the shared test server), pulling from faulty sources
 * and delivering to a faulty national platform, while its postmaster is killed with -9 three times.
 */
describe('the embedded PostgreSQL killed with -9 during a run with faulty sources', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-dbkill-'));
  fs.chmodSync(work, 0o755);
  const dir = path.join(work, 'pg');
  let fleet: Fleet | null = null;
  let gateway: GatewayProcess | null = null;
  let db: pg.Client | null = null;

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    if (gateway) {
      gateway.kill('SIGTERM');
      const stopped = await Promise.race([gateway.exited.then(() => true), sleep(40_000).then(() => false)]);
      if (!stopped) gateway.kill('SIGKILL');
      await gateway.exited;
    }
    // A server left behind by a gateway that had to be killed.
    const pidFile = path.join(dir, 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      try {
        process.kill(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await fleet?.close();
    fs.rmSync(work, { recursive: true, force: true });
  }, 90_000);

  it('is restarted by the gateway; delivery resumes each time within 30 s; nothing is lost or sent twice', async () => {
    const log = (line: string) => process.stderr.write(`[db-kill] ${line}\n`);
    fleet = await startFleet({
      databaseUrl: 'postgresql://unused@127.0.0.1:1/unused',
      seed: 20261205,
      initialRecords: 10,
      newRecordsPerMinute: 20,
      nationalFaultShare: 0.2,
      sourceFaultShare: 0.15,
    });
    const port = await freePort();
    const configFile = path.join(work, 'config.json');
    const fleetConfig = JSON.parse(fs.readFileSync(fleet.env.CONFIG_FILE!, 'utf8'));
    fs.writeFileSync(configFile, JSON.stringify({ ...fleetConfig, database: { embedded: { dir, port } } }));
    gateway = spawnGateway({ ...fleet.env, DATABASE_URL: '', CONFIG_FILE: configFile, HEALTH_DB_DOWN_SECONDS: '300' });
    const apiPort = await gateway.ready;
    const password = fs.readFileSync(`${dir}.password`, 'utf8').trim();
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/trace_gateway`;
    const mock = fleet.mock;
    const postmaster = () => Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const acceptedAtPlatform = () => mock.acceptLog().length;
    /** Records the gateway itself stored as accepted (read on a fresh connection: the server comes and goes). */
    const acceptedByGateway = async () => {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, options: `-c search_path=${fleet!.schema},public` });
      await c.connect();
      try {
        return Number((await c.query(`SELECT count(*) n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n);
      } finally {
        await c.end().catch(() => undefined);
      }
    };

    const resumedAfterMs: number[] = [];
    for (let k = 1; k <= KILLS; k++) {
      const before = acceptedAtPlatform();
      expect(await until(() => acceptedAtPlatform() > before, 60_000), `deliveries before kill ${k}`).toBe(true);
      const killed = postmaster();
      process.kill(killed, 'SIGKILL');
      const killedAt = Date.now();
      log(`kill -9 of the postmaster (pid ${killed}), ${k}/${KILLS}`);
      const restarted = await until(() => postmaster() !== killed, RESUME_LIMIT_MS);
      if (!restarted) log(`exit code ${gateway.child.exitCode}\n${gateway.lines.slice(-60).join('\n')}`);
      expect(restarted, `a new postmaster after kill ${k}`).toBe(true);
      const platformThen = acceptedAtPlatform();
      let gatewayThen = Infinity;
      await until(async () => ((gatewayThen = await acceptedByGateway()), true), RESUME_LIMIT_MS - (Date.now() - killedAt));
      const resumed = await until(
        async () => acceptedAtPlatform() > platformThen && (await acceptedByGateway()) > gatewayThen,
        Math.max(0, RESUME_LIMIT_MS - (Date.now() - killedAt)),
      );
      const ms = Date.now() - killedAt;
      const restartedLine = gateway.lines.filter((l) => l.includes('"db:embedded-restarted"')).at(-1);
      log(
        `delivery ${resumed ? 'resumed' : 'did NOT resume'} ${ms} ms after kill ${k} (server down for ${restartedLine ? (JSON.parse(restartedLine) as { downMs: number }).downMs : '?'} ms)`,
      );
      expect(resumed, `delivery resumed within ${RESUME_LIMIT_MS / 1000} s of kill ${k}`).toBe(true);
      resumedAfterMs.push(ms);
    }

    // The same process kept running throughout, and says it restarted its server each time.
    expect(gateway.child.exitCode).toBeNull();
    const events = gateway.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event?: string });
    expect(events.filter((e) => e.event === 'db:embedded-exited')).toHaveLength(KILLS);
    expect(events.filter((e) => e.event === 'db:embedded-restarted')).toHaveLength(KILLS);
    expect((await fetch(`http://127.0.0.1:${apiPort}/ready`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${apiPort}/health`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text()).toMatch(
      new RegExp(`^tg_embedded_postgres_restarts_total ${KILLS}$`, 'm'),
    );

    fleet.faultsOff();
    log('faults off; waiting for the run to settle');
    db = new pg.Client({ connectionString: url, options: `-c search_path=${fleet.schema},public` });
    await db.connect();
    const catalog = fleet.catalog();
    let report: ScenarioReport | null = null;
    const started = Date.now();
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      report = await check(db, mock, fleet.appKey, catalog, fleet.bossSchema, { kills: KILLS, restarts: KILLS, started });
      if (settled(report)) break;
      await sleep(2000);
    }
    log(
      JSON.stringify({
        resumedAfterMs,
        ...report,
        missingAtPlatform: report!.missingAtPlatform.slice(0, 5),
        notLatestAtPlatform: report!.notLatestAtPlatform.slice(0, 5),
      }),
    );
    if (report!.nationalAccepted !== report!.gatewayAccepted) {
      const ours = (await db.query(`SELECT interface, record_id, version, state, batch_id FROM national_record_states`)).rows as Array<{
        interface: string;
        record_id: string;
        version: number;
        state: string;
        batch_id: string | null;
      }>;
      const diffs = mock
        .acceptLog()
        .map((e) => ({ e, o: ours.find((r) => r.interface === e.iface && r.record_id === e.recordId && r.version === e.version) }))
        .filter(({ o }) => o?.state !== 'accepted');
      log(`accepted at the platform, not accepted here: ${JSON.stringify(diffs.slice(0, 10))}`);
      log(JSON.stringify(mock.summary()));
    }
    expect(report!.sourceRecords.valid).toBeGreaterThan(30);
    expect(report!.missingAtPlatform).toEqual([]);
    expect(report!.notLatestAtPlatform).toEqual([]);
    expect(report!.dirtyNotQuarantined).toEqual([]);
    expect(report!.acceptedTwiceAtSameVersion).toEqual([]);
    expect(report!.nationalAccepted).toBe(report!.gatewayAccepted);
    expect(report!.pendingOrInFlight).toBe(0);
    expect(report!.openBatches).toBe(0);
    expect(report!.stuckJobs).toBe(0);
    expect(report!.keptCountsDrift).toBeNull();
  }, 420_000);
});
