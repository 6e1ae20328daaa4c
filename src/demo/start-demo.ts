import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import type { Logger } from '../log';
import { registerSecret } from '../log';
import { createMockNational } from './national';
import { createProvincialSimulator } from './provincial-rest';
import { createMarketSimulator } from './market-csv';
import { createMvtsSimulator } from './mvts-xml';

export interface DemoHandle {
  /** Base URL of the bundled national platform (including /ntp/v1), when it runs. */
  nationalUrl: string | null;
  appKey: string | null;
  appSecret: string | null;
  stop(): Promise<void>;
}

export const DEMO_APP_KEY = 'gs-demo-gateway';
/**
 * A second client of the bundled mock platform for testers running the conformance suite against
 * `npm start`. It exists only in the bundled mock, so its values are published, not secret.
 */
export const CONFORMANCE_DEMO_CLIENT = { appKey: 'conformance-demo', appSecret: 'conformance-demo-secret', regionScope: '62' } as const;
/** The suite's second appKey, in another province, for the notice cases of §8 that need two regions. Published likewise. */
export const CONFORMANCE_DEMO_SECOND_CLIENT = {
  appKey: 'conformance-demo-b',
  appSecret: 'conformance-demo-b-secret',
  regionScope: '11',
} as const;

/** Demo credentials live only in this process's environment; the simulators get the same values. */
function demoSecret(env: NodeJS.ProcessEnv, name: string, bytes = 24): string {
  env[name] ||= randomBytes(bytes).toString('hex');
  registerSecret(env[name]);
  return env[name]!;
}

/**
 * Starts the bundled source simulators (and the mock national platform unless NATIONAL_BASE_URL is
 * set) on local ports, with fresh demo credentials exported for the demo adapter declarations.
 */
export async function startDemo(config: Config, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<DemoHandle> {
  const stops: Array<() => Promise<void>> = [];
  const ports = config.demo.ports;
  let nationalUrl: string | null = null;
  let appKey: string | null = null;
  let appSecret: string | null = null;
  if (!config.national.baseUrl) {
    appKey = config.national.appKey ?? DEMO_APP_KEY;
    appSecret = config.national.appSecret ?? demoSecret(env, 'NATIONAL_APP_SECRET', 32);
    const dataDir = path.resolve(config.demo.dataDir, 'national');
    fs.mkdirSync(dataDir, { recursive: true });
    // The mock issues a few notices (§8) about lots the demo gateway delivers, so the Cases view has work.
    const mock = createMockNational({
      clients: [
        { appKey, appSecret, regionScope: config.national.regionScope },
        { ...CONFORMANCE_DEMO_CLIENT },
        { ...CONFORMANCE_DEMO_SECOND_CLIENT },
      ],
      dataDir,
      demoNotices: { appKey },
    });
    const { url } = await mock.listen(ports.national);
    nationalUrl = url;
    stops.push(() => mock.close());
    log.info('bundled national platform started', { event: 'demo:national', url });
  }
  const provincial = createProvincialSimulator({
    appId: (env.TG_SOURCE_GS_PROV_APP_ID ||= 'gs-demo-app'),
    appSecret: demoSecret(env, 'TG_SOURCE_GS_PROV_APP_SECRET'),
    newRecordsPerMinute: 6,
  });
  const market = createMarketSimulator({ apiKey: demoSecret(env, 'TG_SOURCE_LZ_MARKET_API_KEY', 20), newRecordsPerMinute: 6 });
  const mvts = createMvtsSimulator({
    nodeCode: (env.TG_SOURCE_GS_MVTS_NODE_CODE ||= '620000900001'),
    password: demoSecret(env, 'TG_SOURCE_GS_MVTS_PASSWORD', 12),
    newRecordsPerMinute: 6,
  });
  for (const [name, sim, port] of [
    ['provincial', provincial, ports.provincial],
    ['market', market, ports.market],
    ['mvts', mvts, ports.mvts],
  ] as const) {
    const { url } = await sim.listen(port);
    stops.push(() => sim.close());
    log.info(`bundled ${name} source simulator started`, { event: 'demo:simulator', source: name, url });
  }
  return {
    nationalUrl,
    appKey,
    appSecret,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
