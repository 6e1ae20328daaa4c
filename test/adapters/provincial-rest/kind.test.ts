import fs from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { validateDeclaration } from '../../../src/adapters/declaration';
import { provincialRest } from '../../../src/adapters/provincial-rest';
import { resolveOptions } from '../../../src/adapters/provincial-rest/options';

const kinds = { [provincialRest.kind]: provincialRest };
const demoFile = path.resolve(__dirname, '../../../config/demo/gs-provincial.json');
const demo = () => JSON.parse(fs.readFileSync(demoFile, 'utf8')) as Record<string, any>;

describe('the provincial-rest kind', () => {
  it('declares its four streams, their interfaces and its credentials', () => {
    expect(provincialRest.kind).toBe('provincial-rest');
    expect(provincialRest.streams).toEqual({
      enterprises: { orderedByCursor: true, interface: 'subjects', referenced: true },
      batches: { orderedByCursor: true, interface: 'batches' },
      inspections: { orderedByCursor: true, interface: 'inspections' },
      certificates: { orderedByCursor: true, interface: 'certificates' },
    });
    expect(Object.keys(provincialRest.streams)[0]).toBe('enterprises');
    expect(provincialRest.credentialFields).toEqual(['appId', 'appSecret']);
  });

  it('accepts the demo declaration, whose schedule is a 6-field node-cron expression every 10 seconds', () => {
    const decl = validateDeclaration(demo(), kinds, demoFile);
    expect(decl).toMatchObject({
      baseUrl: 'http://127.0.0.1:4101',
      sourceSystem: 'gs-provincial',
      regionCode: '620000',
      allowedHosts: ['127.0.0.1:4101'],
    });
    expect(decl.credentials).toEqual({ appId: 'env:TG_SOURCE_GS_PROV_APP_ID', appSecret: 'env:TG_SOURCE_GS_PROV_APP_SECRET' });
    expect(decl.schedule).toBe('*/10 * * * * *');
    expect(cron.validate(decl.schedule)).toBe(true);
  });

  it('fills option defaults', () => {
    const decl = validateDeclaration({ ...demo(), options: {} }, kinds, 'x.json');
    expect(decl.options).toMatchObject({
      pageSize: 100,
      maxResponseBytes: 32 * 1024 * 1024,
      timeoutMs: 30_000,
      requestsPerSecond: 10,
      maxCursorRestarts: 3,
    });
    expect(resolveOptions(decl.options as never).retry).toEqual({
      maxAttempts: 4,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 30_000,
    });
    expect(resolveOptions(undefined).pageSize).toBe(100);
  });

  it.each([
    [{ pageSize: 0 }, '/options/pageSize'],
    [{ pageSize: 501 }, '/options/pageSize'],
    [{ pageSize: 2.5 }, '/options/pageSize'],
    [{ colour: 'red' }, 'colour'],
    [{ retry: { attempts: 3 } }, 'attempts'],
    [{ retry: { maxAttempts: 0 } }, '/options/retry/maxAttempts'],
  ])('refuses options %j', (options, where) => {
    expect(() => validateDeclaration({ ...demo(), options }, kinds, 'x.json')).toThrow(where);
  });

  it('refuses unknown credentials and streams', () => {
    expect(() => validateDeclaration({ ...demo(), credentials: { appId: 'env:A' } }, kinds, 'x.json')).toThrow('/credentials/appSecret');
    expect(() => validateDeclaration({ ...demo(), streams: { sales: {} } }, kinds, 'x.json')).toThrow('/streams/sales');
  });
});
