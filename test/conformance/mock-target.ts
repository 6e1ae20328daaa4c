import { createMockNational, type MockQuirk } from '../../src/demo/national';

export const APP_KEY = 'conformance-key';
/** Non-ASCII on purpose: §7.2 keys the HMAC with the secret's UTF-8 bytes. */
export const APP_SECRET = 'conformance-secret-密钥';

/** The second appKey, in another province, for the notice cases between two regions (§8). */
export const SECOND = { appKey: 'conformance-key-b', appSecret: 'conformance-secret-b-第二', regionScope: '11' };

export interface MockTarget {
  url: string;
  /** Origin of the mock's admin endpoint (the bundled mock only). */
  admin?: string;
  close(): Promise<void>;
}

export async function startMock(
  opts: { quirks?: MockQuirk[]; rateLimitPerSecond?: number; clock?: () => number; regionScope?: string } = {},
): Promise<MockTarget> {
  const mock = createMockNational({
    clients: [{ appKey: APP_KEY, appSecret: APP_SECRET, regionScope: opts.regionScope ?? '62' }, { ...SECOND }],
    quirks: opts.quirks,
    rateLimitPerSecond: opts.rateLimitPerSecond,
    now: opts.clock,
  });
  const { url } = await mock.listen(0, '127.0.0.1');
  return { url, admin: new URL(url).origin, close: () => mock.close() };
}

/**
 * A clock running at real speed but set to 03:00 at UTC+8, when the UTC date is still the day
 * before: a platform that keeps stats by UTC date is then visibly wrong.
 */
export function beijingEarlyMorningClock(): () => number {
  const target = new Date();
  target.setUTCHours(19, 0, 0, 0);
  const offset = target.getTime() - Date.now();
  return () => Date.now() + offset;
}
