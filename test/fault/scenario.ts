import pg from 'pg';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { startFleet, type CatalogEntry, type FleetOptions } from '../helpers/fleet';
import { keptAndCountedAgain } from '../helpers/kept-counts';
import type { MockNational } from '../../src/demo/national';
import { NATIONAL_INTERFACES, type NationalInterface } from '../../src/national/types';

export interface ScenarioOptions extends FleetOptions {
  databaseUrl: string;
  /** Gateway processes running at once. */
  processes: number;
  /** kill -9 of a random gateway process, each followed by a restart. */
  kills: number;
  /** How long the faulty phase lasts. */
  faultyMs: number;
  /** Share of national upload requests that fail (500, 503, 429, latency, lost response). */
  nationalFaultShare: number;
  /** Share of source requests that fail. */
  sourceFaultShare: number;
  initialRecords: number;
  newRecordsPerMinute: number;
  seed: number;
  /** Limit for everything to settle once the faults stop. */
  settleMs: number;
  log?: (line: string) => void;
}

export interface ScenarioReport {
  kills: number;
  restarts: number;
  sourceRecords: { valid: number; dirty: number; deleted: number };
  nationalAccepted: number;
  gatewayAccepted: number;
  acceptedTwiceAtSameVersion: string[];
  missingAtPlatform: string[];
  notLatestAtPlatform: string[];
  dirtyNotQuarantined: string[];
  pendingOrInFlight: number;
  openBatches: number;
  stuckJobs: number;
  /** The kept counts and the same counts taken from the tables, when they differ. */
  keptCountsDrift: unknown;
  faultedNationalRequests: number;
  durationMs: number;
}

const IFACE: Record<string, NationalInterface> = {
  enterprises: 'subjects',
  batches: 'batches',
  inspections: 'inspections',
  certificates: 'certificates',
  vendors: 'subjects',
  entries: 'entries',
  sales: 'trades',
  TZ: 'slaughter',
  JC: 'entries',
  JY: 'trades',
  PS: 'transports',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Several gateway processes (children, as `npm start` runs them) on one PostgreSQL, the three bundled
 * sources and the mock national platform all injecting faults, and kill -9 of random gateways that are
 * restarted. Then the faults stop and the run must settle to: every valid source record held by the
 * platform at its latest version, every dirty one quarantined with its reason, nothing accepted twice.
 */
export async function runFaultScenario(o: ScenarioOptions): Promise<ScenarioReport> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const fleet = await startFleet(o);
  const { env, mock, schema, bossSchema } = fleet;
  const db = new pg.Client({ connectionString: o.databaseUrl, options: `-c search_path=${schema},public` });
  const gateways: GatewayProcess[] = [];
  let kills = 0;
  let restarts = 0;
  await db.connect();
  try {
    for (let i = 0; i < o.processes; i++) gateways.push(spawnGateway(env));
    await Promise.all(gateways.map((g) => g.ready));
    log(`${o.processes} gateway processes ready`);

    // Faulty phase: kill -9 a random process at even intervals, and start a new one in its place.
    const interval = o.faultyMs / (o.kills + 1);
    let rnd = o.seed;
    const next = () => ((rnd = (rnd * 1103515245 + 12345) % 2147483648), rnd / 2147483648);
    for (let k = 0; k < o.kills; k++) {
      await sleep(interval);
      const victim = Math.floor(next() * gateways.length);
      gateways[victim]!.kill('SIGKILL');
      await gateways[victim]!.exited;
      kills++;
      log(`kill -9 of gateway ${victim} (${kills}/${o.kills})`);
      gateways[victim] = spawnGateway(env);
      await gateways[victim]!.ready;
      restarts++;
    }
    await sleep(interval);

    // Settling phase: no more faults anywhere; everything must reach its final state.
    fleet.faultsOff();
    log('faults off; waiting for the run to settle');
    const catalog = fleet.catalog();
    const deadline = Date.now() + o.settleMs;
    let report: ScenarioReport | null = null;
    while (Date.now() < deadline) {
      report = await check(db, mock, fleet.appKey, catalog, bossSchema, { kills, restarts, started });
      if (settled(report)) break;
      await sleep(2000);
    }
    log(`settled after ${Math.round((Date.now() - started) / 1000)} s`);
    return report!;
  } finally {
    for (const g of gateways) g.kill('SIGKILL');
    await Promise.all(gateways.map((g) => g.exited));
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    await fleet.close();
  }
}

/**
 * Whether a run has reached its final state. The platform's count and the gateway's are read one after
 * the other while sources may still add records: a batch accepted at the platform between the two
 * reads, whose receipt is stored before the pending count is read, looks settled with the counts one
 * batch apart. So equal counts are part of being settled; a real difference stays until the deadline.
 */
export function settled(report: ScenarioReport): boolean {
  return (
    report.missingAtPlatform.length === 0 &&
    report.notLatestAtPlatform.length === 0 &&
    report.dirtyNotQuarantined.length === 0 &&
    report.pendingOrInFlight === 0 &&
    report.openBatches === 0 &&
    report.nationalAccepted === report.gatewayAccepted
  );
}

export async function check(
  db: pg.Client,
  mock: MockNational,
  APP_KEY: string,
  catalog: CatalogEntry[],
  bossSchema: string,
  run: { kills: number; restarts: number; started: number },
): Promise<ScenarioReport> {
  const latest = new Map<string, { version: number; body: string }>();
  const r = await db.query(
    `SELECT DISTINCT ON (interface, record_id) interface, record_id, version, body FROM national_records ORDER BY interface, record_id, version DESC`,
  );
  for (const row of r.rows) latest.set(`${row.interface}|${row.record_id}`, { version: row.version, body: row.body });
  const missing: string[] = [];
  const notLatest: string[] = [];
  const valid = catalog.filter((c) => c.expected === 'valid');
  for (const c of valid) {
    const iface = IFACE[c.stream]!;
    const stored = mock.storedRecord(APP_KEY, iface, c.recordId);
    const ours = latest.get(`${iface}|${c.recordId}`);
    if (!stored) missing.push(`${iface}:${c.recordId}`);
    else if (!ours || stored.version !== ours.version)
      notLatest.push(`${iface}:${c.recordId} platform v${stored.version} gateway v${ours?.version}`);
  }
  const open = (await db.query(`SELECT stream, source_key, reasons FROM quarantine WHERE resolved_at IS NULL`)).rows;
  const dirtyNotQuarantined = catalog
    .filter((c) => typeof c.expected === 'object')
    .filter(
      (c) =>
        !open.some(
          (q) => q.stream === c.stream && q.source_key === c.sourceKey && q.reasons.includes((c.expected as { reason: string }).reason),
        ),
    )
    .map((c) => `${c.stream}:${c.sourceKey} expected ${(c.expected as { reason: string }).reason}`);
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const e of mock.acceptLog()) {
    const key = `${e.iface}|${e.recordId}|${e.version}`;
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  const summary = mock.summary();
  const nationalAccepted = NATIONAL_INTERFACES.reduce((a, i) => a + summary.interfaces[i].accepted, 0);
  const gatewayAccepted = Number((await db.query(`SELECT count(*) n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n);
  const pending = Number((await db.query(`SELECT count(*) n FROM national_record_states WHERE state IN ('pending', 'batched')`)).rows[0].n);
  const openBatches = Number((await db.query(`SELECT count(*) n FROM batches WHERE state NOT IN ('delivered', 'split')`)).rows[0].n);
  const counts = await keptAndCountedAgain(db);
  const stuck = Number(
    (
      await db.query(
        `SELECT count(*) n FROM ${bossSchema}.job WHERE name IN ('deliver', 'pull') AND state = 'active' AND started_on < now() - interval '60 seconds'`,
      )
    ).rows[0].n,
  );
  return {
    kills: run.kills,
    restarts: run.restarts,
    sourceRecords: {
      valid: valid.length,
      dirty: catalog.filter((c) => typeof c.expected === 'object').length,
      deleted: catalog.filter((c) => c.expected === 'deleted').length,
    },
    nationalAccepted,
    gatewayAccepted,
    acceptedTwiceAtSameVersion: twice,
    missingAtPlatform: missing,
    notLatestAtPlatform: notLatest,
    dirtyNotQuarantined,
    pendingOrInFlight: pending,
    openBatches,
    stuckJobs: stuck,
    keptCountsDrift: JSON.stringify(counts.kept) === JSON.stringify(counts.counted) ? null : counts,
    faultedNationalRequests: summary.requests.faulted,
    durationMs: Date.now() - run.started,
  };
}
