import { describe, expect, it } from 'vitest';
import { validateDeclaration } from '../../../src/adapters/declaration';
import { adapterKinds } from '../../../src/adapters/registry';
import {
  CALL_DEFAULTS,
  callOptionsProperties,
  conflictingCallOptions,
  deprecatedCallOptions,
  resolveCallOptions,
} from '../../../src/adapters/toolkit/call-options';
import { createInstance } from '../../../src/runtime/instances';
import { captureLogger } from '../../helpers/log-capture';

const COMMON = ['timeoutMs', 'maxResponseBytes', 'requestsPerSecond', 'retry', 'retryAttempts', 'retryBaseDelayMs', 'retryMaxDelayMs'];

/** A property schema without what may differ between kinds: its default and the description naming it. */
function shape(schema: Record<string, unknown>): unknown {
  const { default: _default, description: _description, ...rest } = schema;
  if (rest.properties)
    rest.properties = Object.fromEntries(
      Object.entries(rest.properties as Record<string, Record<string, unknown>>).map(([k, v]) => [k, shape(v)]),
    );
  return rest;
}

const market = {
  id: 'lz-jc-market',
  kind: 'market-csv',
  regionCode: '620102',
  sourceSystem: 'lz-jc-market',
  schedule: '*/10 * * * * *',
  baseUrl: 'http://127.0.0.1:4102',
  allowedHosts: ['127.0.0.1:4102'],
  allowPrivateAddresses: true,
  credentials: { apiKey: 'env:TG_SOURCE_LZ_MARKET_API_KEY' },
};
const withOptions = (options: Record<string, unknown>) => ({ ...market, options: { marketCode: '91620102MA73F0P897', ...options } });
const validate = (options: Record<string, unknown>) =>
  validateDeclaration(withOptions(options), adapterKinds, 'config/adapters/lz-jc-market.json');

describe('the common call options block', () => {
  it('is in every registered kind under the same names, with the same schema', () => {
    const expected = Object.fromEntries(
      Object.entries(callOptionsProperties(CALL_DEFAULTS) as Record<string, Record<string, unknown>>).map(([k, v]) => [k, shape(v)]),
    );
    expect(Object.keys(adapterKinds).length).toBeGreaterThanOrEqual(3);
    for (const kind of Object.values(adapterKinds)) {
      const properties = (kind.optionsSchema as { properties: Record<string, Record<string, unknown>> }).properties;
      const common = Object.fromEntries(COMMON.map((k) => [k, properties[k] ? shape(properties[k]!) : undefined]));
      expect(common, kind.kind).toEqual(expected);
    }
  });

  it('resolves to the kind defaults, a declared value, or a deprecated name where the new one is absent', () => {
    expect(resolveCallOptions(undefined, CALL_DEFAULTS)).toEqual(CALL_DEFAULTS);
    expect(resolveCallOptions({ timeoutMs: null as never, retry: null as never }, CALL_DEFAULTS)).toEqual(CALL_DEFAULTS);
    expect(resolveCallOptions({ timeoutMs: 5000, retry: { maxAttempts: 2 } }, CALL_DEFAULTS)).toMatchObject({
      timeoutMs: 5000,
      retry: { ...CALL_DEFAULTS.retry, maxAttempts: 2 },
    });
    expect(resolveCallOptions({ retryAttempts: 0, retryBaseDelayMs: 5, retryMaxDelayMs: 70 }, CALL_DEFAULTS).retry).toEqual({
      maxAttempts: 1,
      baseDelayMs: 5,
      maxDelayMs: 70,
      maxRetryAfterMs: 70,
    });
    expect(resolveCallOptions({ retryMaxDelayMs: 70, retry: { maxRetryAfterMs: 9 } }, CALL_DEFAULTS).retry).toMatchObject({
      maxDelayMs: 70,
      maxRetryAfterMs: 9,
    });
    expect(resolveCallOptions({ retryAttempts: 9, retry: { maxAttempts: 2 } }, CALL_DEFAULTS).retry.maxAttempts).toBe(2);
  });

  it('refuses bad values naming the option, new and deprecated names alike', () => {
    for (const [options, where] of [
      [{ timeoutMs: 50 }, '/options/timeoutMs: must be >= 100 (kind market-csv)'],
      [{ requestsPerSecond: -1 }, '/options/requestsPerSecond: must be >= 0'],
      [{ maxResponseBytes: 100 }, '/options/maxResponseBytes: must be >= 1024'],
      [{ retry: { maxAttempts: 0 } }, '/options/retry/maxAttempts: must be >= 1'],
      [{ retry: { baseDelayMs: 1.5 } }, '/options/retry/baseDelayMs: must be integer'],
      [{ retry: { attempts: 3 } }, '/options/retry: must NOT have additional properties "attempts"'],
      [{ retryAttempts: 11 }, '/options/retryAttempts: must be <= 10'],
      [{ retryBaseDelayMs: 'x' }, '/options/retryBaseDelayMs: must be integer'],
    ] as const) {
      expect(() => validate(options), JSON.stringify(options)).toThrow(where);
    }
  });

  it('accepts a deprecated name alone, and refuses it next to its replacement', () => {
    expect(validate({ retryAttempts: 2, retryMaxDelayMs: 5000 }).options).toMatchObject({ retryAttempts: 2, retryMaxDelayMs: 5000 });
    expect(() => validate({ retryAttempts: 2, retry: { maxAttempts: 3 } })).toThrow(
      'config/adapters/lz-jc-market.json /options/retryAttempts: deprecated name of /options/retry/maxAttempts; declare only retry.maxAttempts (kind market-csv)',
    );
    expect(conflictingCallOptions({ retryMaxDelayMs: 1, retry: { maxRetryAfterMs: 2 } })).toEqual([]);
    expect(conflictingCallOptions({ retryBaseDelayMs: 1, retry: { baseDelayMs: 2 } })).toEqual([
      '/options/retryBaseDelayMs: deprecated name of /options/retry/baseDelayMs; declare only retry.baseDelayMs',
    ]);
  });

  it('warns in the log, naming the replacement, whenever an instance is built with a deprecated name', () => {
    expect(deprecatedCallOptions({ retry: { maxAttempts: 2 } })).toEqual([]);
    const { log, entries } = captureLogger();
    const decl = validate({ retryAttempts: 2, requestsPerSecond: 0 });
    const instance = createInstance(decl, adapterKinds['market-csv']!, log, { env: { TG_SOURCE_LZ_MARKET_API_KEY: 'k'.repeat(20) } });
    void instance.adapter.close();
    const warnings = entries.filter((e) => e.event === 'adapter:deprecated-option');
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'warn',
        adapterId: 'lz-jc-market',
        option: 'retryAttempts',
        message: expect.stringContaining(
          'options.retryAttempts is deprecated; declare retry.maxAttempts instead (attempts in all: retryAttempts + 1)',
        ),
      }),
    ]);
  });
});
