import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { GatewayError } from '../src/errors';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ env });
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return (err as GatewayError).details as string[];
  }
  return [];
}

describe('loadConfig', () => {
  it('loads config/default.json with the demo defaults', () => {
    const c = loadConfig({ env: {} });
    expect(c.port).toBe(8080);
    expect(c.simulators).toBe(true);
    expect(c.national.baseUrl).toBeNull();
    expect(c.national.signMethod).toBe('HMAC-SHA256');
    expect(Object.isFrozen(c.national)).toBe(true);
  });

  it('applies every documented environment override', () => {
    const c = loadConfig({
      env: {
        PORT: '9090',
        DATABASE_URL: 'postgresql://u@h:5432/d',
        LOG_LEVEL: 'debug',
        NATIONAL_BASE_URL: 'https://ntp.example.cn/ntp/v1',
        NATIONAL_APP_KEY: 'k1',
        NATIONAL_APP_SECRET: 's3cret-value',
        NATIONAL_SIGN_METHOD: 'HMAC-SM3',
        SIMULATORS: 'off',
        ADAPTERS_DIR: '/etc/tg/adapters',
      },
    });
    expect(c.port).toBe(9090);
    expect(c.database.url).toBe('postgresql://u@h:5432/d');
    expect(c.logLevel).toBe('debug');
    expect(c.national).toMatchObject({
      baseUrl: 'https://ntp.example.cn/ntp/v1',
      appKey: 'k1',
      appSecret: 's3cret-value',
      signMethod: 'HMAC-SM3',
    });
    expect(c.simulators).toBe(false);
    expect(c.adaptersDir).toBe('/etc/tg/adapters');
  });

  it('reads the database-down limit of /health from HEALTH_DB_DOWN_SECONDS (default 60) and refuses a bad one', () => {
    expect(loadConfig({ env: {} }).health.databaseDownSeconds).toBe(60);
    expect(loadConfig({ env: { HEALTH_DB_DOWN_SECONDS: '120' } }).health.databaseDownSeconds).toBe(120);
    expect(problems({ HEALTH_DB_DOWN_SECONDS: 'soon' }).join('\n')).toContain('HEALTH_DB_DOWN_SECONDS (environment)');
    expect(problems({ HEALTH_DB_DOWN_SECONDS: '0' }).join('\n')).toContain('HEALTH_DB_DOWN_SECONDS (environment)');
  });

  it("reads the old generation's growth from HEAP_GROWTH_PERCENT (default 200, 0 for V8's own choice) and refuses a bad one", () => {
    expect(loadConfig({ env: {} }).memory.heapGrowthPercent).toBe(200);
    expect(loadConfig({ env: { HEAP_GROWTH_PERCENT: '0' } }).memory.heapGrowthPercent).toBe(0);
    expect(problems({ HEAP_GROWTH_PERCENT: 'low' }).join('\n')).toContain('HEAP_GROWTH_PERCENT (environment)');
    expect(problems({ HEAP_GROWTH_PERCENT: '5000' }).join('\n')).toContain('HEAP_GROWTH_PERCENT (environment)');
  });

  it('reads the public trace settings, naming the variable of a bad one', () => {
    const c = loadConfig({
      env: {
        PUBLIC_BASE_URL: 'https://trace.example.gov.cn/gs',
        PUBLIC_TRACE: 'on',
        PUBLIC_TRACE_CACHE_SECONDS: '30',
        PUBLIC_TRACE_RATE_LIMIT: '100',
        PUBLIC_TRACE_RATE_WINDOW_SECONDS: '10',
        PUBLIC_TRACE_TRUST_PROXY_HOPS: '2',
      },
    });
    expect(c.publicTrace).toEqual({
      enabled: true,
      baseUrl: 'https://trace.example.gov.cn/gs',
      cacheSeconds: 30,
      rateLimit: { max: 100, windowSeconds: 10 },
      trustProxyHops: 2,
    });
    expect(loadConfig({ env: { PUBLIC_TRACE: 'off' } }).publicTrace.enabled).toBe(false);
    expect(loadConfig({ env: {} }).publicTrace).toMatchObject({
      enabled: true,
      baseUrl: null,
      cacheSeconds: 60,
      rateLimit: { max: 60, windowSeconds: 60 },
    });
    expect(problems({ PUBLIC_BASE_URL: 'trace.example.gov.cn' })[0]).toMatch(/^PUBLIC_BASE_URL \(environment\): must match pattern/);
    expect(problems({ PUBLIC_TRACE_RATE_LIMIT: '0' })[0]).toMatch(/^PUBLIC_TRACE_RATE_LIMIT \(environment\): must be >= 1/);
  });

  it('names the variable and the allowed values for a bad sign method', () => {
    const p = problems({ NATIONAL_SIGN_METHOD: 'MD5' });
    expect(p).toHaveLength(1);
    expect(p[0]).toContain('NATIONAL_SIGN_METHOD (environment)');
    expect(p[0]).toContain('HMAC-SHA256, HMAC-SM3');
  });

  it('refuses a port that is not a number, naming PORT', () => {
    expect(problems({ PORT: 'eighty' })[0]).toMatch(/^PORT \(environment\): must be integer/);
    expect(problems({ PORT: '70000' })[0]).toMatch(/^PORT \(environment\): must be <= 65535/);
  });

  it('refuses a national URL without /ntp/v1 and a bad LOG_LEVEL', () => {
    const p = problems({ NATIONAL_BASE_URL: 'https://ntp.example.cn', LOG_LEVEL: 'loud' });
    expect(p.some((x) => x.startsWith('NATIONAL_BASE_URL (environment)'))).toBe(true);
    expect(p.some((x) => x.startsWith('LOG_LEVEL (environment)'))).toBe(true);
  });

  it('requires the credentials when a real national platform is named', () => {
    const p = problems({ NATIONAL_BASE_URL: 'https://ntp.example.cn/ntp/v1' });
    expect(p).toContain('NATIONAL_APP_KEY (environment): is required when NATIONAL_BASE_URL is set');
    expect(p).toContain('NATIONAL_APP_SECRET (environment): is required when NATIONAL_BASE_URL is set');
  });

  it('requires a national platform when the simulators are off', () => {
    expect(problems({ SIMULATORS: 'off' })[0]).toMatch(/^NATIONAL_BASE_URL \(environment\): is required when SIMULATORS=off/);
  });

  it('refuses an unknown SIMULATORS value', () => {
    expect(problems({ SIMULATORS: 'maybe' })[0]).toMatch(/^SIMULATORS \(environment\): must be boolean/);
  });

  it('refuses an inline secret in a config file, naming the file and path', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const os = require('node:os') as typeof import('node:os');
    const path = require('node:path') as typeof import('node:path');
    const raw = JSON.parse(fs.readFileSync('config/default.json', 'utf8'));
    raw.national.appSecret = 'plain-text-secret';
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-config-')), 'bad.json');
    fs.writeFileSync(file, JSON.stringify(raw));
    try {
      loadConfig({ file, env: {} });
      expect.unreachable();
    } catch (err) {
      const [first] = (err as GatewayError).details as string[];
      expect(first).toContain('bad.json /national/appSecret');
      expect(first).toContain('must match pattern');
      expect(first).not.toContain('plain-text-secret');
    }
  });
});
