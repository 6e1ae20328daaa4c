import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createMockNational, type MockNational } from '../../src/demo/national';
import { createProvincialSimulator } from '../../src/demo/provincial-rest';
import { createMarketSimulator } from '../../src/demo/market-csv';
import { createMvtsSimulator } from '../../src/demo/mvts-xml';

export interface FleetOptions {
  databaseUrl: string;
  seed: number;
  initialRecords: number;
  newRecordsPerMinute: number;
  /** Share of national upload requests that fail (500, 503, 429, latency, lost response). */
  nationalFaultShare: number;
  /** Share of source requests that fail. */
  sourceFaultShare: number;
}

export type CatalogEntry = { stream: string; sourceKey: string; recordId: string; expected: 'valid' | 'deleted' | { reason: string } };

export interface Fleet {
  /** Environment of a gateway process reading the three sources and delivering to the mock. */
  env: Record<string, string>;
  mock: MockNational;
  appKey: string;
  schema: string;
  bossSchema: string;
  /** Every secret the gateway was configured with: none may appear in its logs or answers. */
  secrets: string[];
  catalog(): CatalogEntry[];
  faultsOff(): void;
  close(): Promise<void>;
}

/**
 * The three bundled sources and the mock national platform on local ports, with adapter declarations,
 * a configuration file and the environment for gateway processes (as `npm start` runs them).
 */
export async function startFleet(o: FleetOptions): Promise<Fleet> {
  const APP_KEY = 'fault-key';
  const APP_SECRET = `fault-secret-${randomBytes(8).toString('hex')}`;
  const suffix = randomBytes(4).toString('hex');
  const schema = `tgf_${suffix}`;
  const bossSchema = `tgfboss_${suffix}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-fleet-'));
  const adaptersDir = path.join(work, 'adapters');
  fs.mkdirSync(adaptersDir);

  const mock = createMockNational({
    clients: [{ appKey: APP_KEY, appSecret: APP_SECRET, regionScope: '62' }],
    seed: o.seed,
    faults: {
      seed: o.seed,
      probability: o.nationalFaultShare,
      kinds: ['error500', 'error503', 'rateLimit429', 'latency', 'lostResponse'],
      latencyMs: 400,
      retryAfterSeconds: 1,
    },
  });
  const national = await mock.listen(0);
  const secrets = { prov: `prov-${suffix}-secret`, market: `market-api-key-${suffix}-0123456789abcdef`, mvts: `mvts-${suffix}` };
  const sims = {
    provincial: createProvincialSimulator({
      appId: 'fault-app',
      appSecret: secrets.prov,
      seed: o.seed,
      initialRecords: o.initialRecords,
      newRecordsPerMinute: o.newRecordsPerMinute,
      dirtyShare: 0.1,
      faults: {
        seed: o.seed,
        serverError: { probability: o.sourceFaultShare / 3 },
        rateLimit: { probability: o.sourceFaultShare / 6, retryAfterSeconds: 1 },
        truncatedBody: { probability: o.sourceFaultShare / 6 },
        duplicateRows: { probability: o.sourceFaultShare / 6 },
        tokenExpiry: { probability: o.sourceFaultShare / 6 },
      },
    }),
    market: createMarketSimulator({
      apiKey: secrets.market,
      seed: o.seed,
      initialRecords: o.initialRecords,
      newRecordsPerMinute: o.newRecordsPerMinute,
      dirtyShare: 0.1,
      faults: {
        seed: o.seed,
        probability: o.sourceFaultShare,
        kinds: ['serverError', 'rateLimit', 'truncatedBody', 'duplicateRows', 'wrongEncoding'],
        retryAfterSeconds: 1,
      },
    }),
    mvts: createMvtsSimulator({
      nodeCode: '620000900001',
      password: secrets.mvts,
      seed: o.seed,
      initialRecords: o.initialRecords,
      newRecordsPerMinute: o.newRecordsPerMinute,
      dirtyShare: 0.1,
      // Five minutes behind: every upload lies outside the two settling minutes an adapter leaves unread.
      now: () => Date.now() - 5 * 60_000,
      faults: {
        seed: o.seed,
        probability: o.sourceFaultShare,
        kinds: ['serverError', 'rateLimit', 'truncatedBody', 'duplicateRows', 'tokenExpiry', 'pageShift'],
      },
    }),
  };
  const urls = {
    provincial: await sims.provincial.listen(0),
    market: await sims.market.listen(0),
    mvts: await sims.mvts.listen(0),
  };
  const decl = (
    id: string,
    kind: string,
    url: { port: number; url: string },
    credentials: Record<string, string>,
    extra: Record<string, unknown>,
  ) => ({
    id,
    kind,
    enabled: true,
    regionCode: extra.regionCode ?? '620000',
    sourceSystem: id,
    schedule: '*/2 * * * * *',
    baseUrl: url.url,
    allowedHosts: [`127.0.0.1:${url.port}`],
    allowPrivateAddresses: true,
    credentials,
    streams: extra.streams ?? {},
    options: extra.options ?? {},
  });
  fs.writeFileSync(
    path.join(adaptersDir, 'gs-provincial.json'),
    JSON.stringify(
      decl(
        'gs-provincial',
        'provincial-rest',
        urls.provincial,
        { appId: 'env:TG_SOURCE_F_PROV_ID', appSecret: 'env:TG_SOURCE_F_PROV_SECRET' },
        { options: { pageSize: 10, timeoutMs: 3000 } },
      ),
    ),
  );
  fs.writeFileSync(
    path.join(adaptersDir, 'lz-jc-market.json'),
    JSON.stringify(
      decl(
        'lz-jc-market',
        'market-csv',
        urls.market,
        { apiKey: 'env:TG_SOURCE_F_MARKET_KEY' },
        { regionCode: '620102', options: { marketCode: '91620102MA73F0P897', limit: 15, timeoutMs: 3000 } },
      ),
    ),
  );
  fs.writeFileSync(
    path.join(adaptersDir, 'gs-mvts.json'),
    JSON.stringify(
      decl(
        'gs-mvts',
        'mvts-xml',
        urls.mvts,
        { nodeCode: 'env:TG_SOURCE_F_MVTS_NODE', password: 'env:TG_SOURCE_F_MVTS_PASSWORD' },
        { options: { pageSize: 10, timeoutMs: 3000 } },
      ),
    ),
  );
  const configFile = path.join(work, 'config.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      national: { timeoutMs: 3000 },
      jobs: { maintenanceIntervalSeconds: 2, deliverExpireSeconds: 15 },
      pull: { maxSeconds: 10, expireSeconds: 20 },
      // Batches of 8 records: pages of 10, staged in pairs, then form full batches in their own
      // transaction as well as from the queue, so both ways are killed and faulted.
      delivery: { sweepSeconds: 1, workers: 3, batchMaxRecords: 8 },
    }),
  );
  const env: Record<string, string> = {
    DATABASE_URL: o.databaseUrl,
    DATABASE_SCHEMA: schema,
    BOSS_SCHEMA: bossSchema,
    SIMULATORS: 'off',
    CONFIG_FILE: configFile,
    NATIONAL_BASE_URL: national.url,
    NATIONAL_APP_KEY: APP_KEY,
    NATIONAL_APP_SECRET: APP_SECRET,
    ADAPTERS_DIR: adaptersDir,
    ADMIN_TOKEN: `fault-admin-${suffix}-0123456789`,
    TG_SOURCE_F_PROV_ID: 'fault-app',
    TG_SOURCE_F_PROV_SECRET: secrets.prov,
    TG_SOURCE_F_MARKET_KEY: secrets.market,
    TG_SOURCE_F_MVTS_NODE: '620000900001',
    TG_SOURCE_F_MVTS_PASSWORD: secrets.mvts,
  };

  return {
    env,
    mock,
    appKey: APP_KEY,
    schema,
    bossSchema,
    secrets: [APP_SECRET, secrets.prov, secrets.market, secrets.mvts, env.ADMIN_TOKEN!],
    catalog: () => [...sims.provincial.catalog(), ...sims.market.catalog(), ...sims.mvts.catalog()],
    faultsOff() {
      mock.setFaults({ probability: 0 });
      sims.provincial.setFaults({});
      sims.market.setFaults({ probability: 0 });
      sims.mvts.setFaults({ probability: 0 });
    },
    async close() {
      await Promise.all([mock.close(), sims.provincial.close(), sims.market.close(), sims.mvts.close()]);
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
