/**
 * The peer workload: one provincial platform (the bundled simulator) holding enterprises and
 * batches, read by one `provincial-rest` instance that declares only those two streams, with the
 * catalog's counts of what the gateway must end up with. Also the few operator-API reads the peer
 * scenarios make (they read counts through the API, never the tables, so they do not depend on how
 * the gateway stores them).
 */
import { benchCredentials, provincialDeclaration, type Credentials } from './declarations';
import { apiRequest, type BenchGateway } from './gateway';
import { sleep } from './measure';
import type { ProvincialExpected, SourcesHost } from './sources';

export const PEER_ADAPTER_ID = 'gs-provincial';

export interface PeerSize {
  enterprises: number;
  batches: number;
  dirtyShare: number;
}

export interface PeerSource {
  credentials: Credentials;
  declaration: Record<string, unknown>;
  expected: ProvincialExpected;
}

/** The simulator with `size` records, no source rate limit, and the adapter's declaration (pages of 500). */
export async function startPeerSource(host: SourcesHost, size: PeerSize): Promise<PeerSource> {
  const credentials = benchCredentials();
  const { url } = await host.provincial({
    ...credentials.provincial,
    seed: 7,
    dirtyShare: size.dirtyShare,
    newRecordsPerMinute: 0,
    rateLimitPerSecond: 0,
    tokenRequestsPerHour: 0,
    initialRecords: { enterprises: size.enterprises, batches: size.batches, inspections: 0, certificates: 0 },
  });
  const declaration = provincialDeclaration(url);
  declaration.streams = { inspections: { enabled: false }, certificates: { enabled: false } };
  return { credentials, declaration, expected: await host.provincialExpected() };
}

/** What the peer scenarios read from GET /api/status. */
export interface PeerStatus {
  pullId: number | null;
  pullRunning: boolean;
  pulledRecords: number | null;
  /** Source revisions the last pull stored that were not stored before. */
  newRecords: number | null;
  pullOutcome: string | null;
  quarantinedOpen: number;
  pending: number;
  inFlight: number;
  accepted: number;
  rejected: number;
}

export async function peerStatus(gw: BenchGateway): Promise<PeerStatus> {
  const res = await apiRequest(gw, 'GET', '/api/status');
  if (res.status !== 200) throw new Error(`GET /api/status answered ${res.status}: ${res.body.slice(0, 200)}`);
  const doc = JSON.parse(res.body) as {
    adapters: Array<{
      id: string;
      state: string;
      lastPull: { id: number; outcome: string; records: number; newRecords: number } | null;
      counts: { quarantinedOpen: number };
    }>;
    interfaces: Array<{ pending: number; inFlight: number; accepted: number; rejected: number }>;
  };
  const adapter = doc.adapters.find((a) => a.id === PEER_ADAPTER_ID);
  const sum = (k: 'pending' | 'inFlight' | 'accepted' | 'rejected') => doc.interfaces.reduce((n, i) => n + i[k], 0);
  return {
    pullId: adapter?.lastPull?.id ?? null,
    pullRunning: adapter?.state === 'pulling' || adapter?.lastPull?.outcome === 'running',
    pulledRecords: adapter?.lastPull?.records ?? null,
    newRecords: adapter?.lastPull?.newRecords ?? null,
    pullOutcome: adapter?.lastPull?.outcome ?? null,
    quarantinedOpen: adapter?.counts.quarantinedOpen ?? 0,
    pending: sum('pending'),
    inFlight: sum('inFlight'),
    accepted: sum('accepted'),
    rejected: sum('rejected'),
  };
}

/** Waits until the pull has ended and nothing is pending or in flight (status is cached for up to 2 s). */
export async function waitUntilSettled(gw: BenchGateway, timeoutMs: number): Promise<PeerStatus> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await peerStatus(gw);
    if (!s.pullRunning && s.pending === 0 && s.inFlight === 0) return s;
    if (Date.now() > end) throw new Error(`the gateway did not settle within ${timeoutMs / 1000} s: ${JSON.stringify(s)}`);
    await sleep(1000);
  }
}

/** A gateway just started is idle once its start-up jobs (code lists) are done and a moment has passed. */
export async function waitUntilIdle(gw: BenchGateway, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  const queues = ['pull', 'deliver', 'refresh-codelists', 'replay'];
  for (;;) {
    const sizes = await Promise.all(queues.map((q) => gw.gateway.boss.getQueueSize(q, { before: 'completed' })));
    if (sizes.every((n) => !n) || Date.now() > end) break;
    await sleep(200);
  }
  await sleep(1000);
}

/** Asks for a pull as an operator does: POST /api/adapters/{id}/pull (the API enqueues the pull job). */
export async function requestPull(gw: BenchGateway): Promise<void> {
  const res = await apiRequest(gw, 'POST', `/api/adapters/${PEER_ADAPTER_ID}/pull`);
  if (res.status !== 202) throw new Error(`POST /api/adapters/${PEER_ADAPTER_ID}/pull answered ${res.status}: ${res.body.slice(0, 200)}`);
}

/**
 * Follows the pulls of the peer adapter. A pull ends after `pull.maxSeconds` (60 s by default) and
 * the next scheduled one goes on from its cursor; the benchmark has no schedule, so when a pull has
 * ended before the whole source was read, it asks for the next one at once, as the schedule would.
 * check() looks at the pull queue at most once a second and reads /api/status only when it is empty.
 */
export class PullFollower {
  requests = 1;
  /** Records read by the pulls counted so far (a pull that goes on re-reads its lookback). */
  pulled = 0;
  /** New source revisions stored by them: the source's records once all have been read. */
  stored = 0;
  private lastPullId: number | null = null;
  private nextCheck = 0;

  constructor(
    private readonly gw: BenchGateway,
    private readonly records: number,
  ) {}

  get complete(): boolean {
    return this.stored >= this.records;
  }

  async check(): Promise<void> {
    if (this.complete || Date.now() < this.nextCheck) return;
    this.nextCheck = Date.now() + 1000;
    if (await this.gw.gateway.boss.getQueueSize('pull', { before: 'completed' })) return;
    // The job is done; /api/status may still show the previous pull for up to 2 s.
    const end = Date.now() + 10_000;
    let s = await peerStatus(this.gw);
    while ((s.pullId === this.lastPullId || s.pullRunning) && Date.now() < end) {
      await sleep(250);
      s = await peerStatus(this.gw);
    }
    if (!this.count(s)) return;
    if (!this.complete) {
      this.requests++;
      await requestPull(this.gw);
    }
  }

  /** Counts the last pull of `s` once, when it has ended; true when it was counted now. */
  count(s: PeerStatus): boolean {
    if (s.pullId === this.lastPullId || s.pullRunning) return false;
    this.lastPullId = s.pullId;
    this.pulled += s.pulledRecords ?? 0;
    this.stored += s.newRecords ?? 0;
    return true;
  }
}
