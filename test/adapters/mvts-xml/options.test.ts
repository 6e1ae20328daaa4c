import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDeclaration } from '../../../src/adapters/declaration';
import { mvtsXml } from '../../../src/adapters/mvts-xml';
import { MVTS_DEFAULTS, resolveMvtsOptions } from '../../../src/adapters/mvts-xml/options';

const kinds = { [mvtsXml.kind]: mvtsXml };
const demoFile = path.resolve(__dirname, '../../../config/demo/gs-mvts.json');
const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as Record<string, any>;
const withOptions = (options: Record<string, unknown>) => ({ ...demo, options });

describe('mvts-xml declaration and options', () => {
  it('accepts the demo declaration, with credentials by env reference', () => {
    const decl = validateDeclaration(demo, kinds, demoFile);
    expect(decl.credentials).toEqual({ nodeCode: 'env:TG_SOURCE_GS_MVTS_NODE_CODE', password: 'env:TG_SOURCE_GS_MVTS_PASSWORD' });
    expect(decl.baseUrl).toBe('http://127.0.0.1:4103');
    expect(decl.allowedHosts).toEqual(['127.0.0.1:4103']);
    expect(decl.sourceSystem).toBe('gs-mvts');
    expect(decl.schedule).toBe('*/10 * * * * *');
    expect(decl.streams.TZ?.startFrom).toBeUndefined();
  });

  it('fills the defaults of every option', () => {
    const decl = validateDeclaration(withOptions({}), kinds, 'x.json');
    // The retry defaults are applied when the options are resolved, not filled into the declaration.
    const { retry: _retry, ...filled } = MVTS_DEFAULTS;
    expect(decl.options).toEqual(filled);
    expect(resolveMvtsOptions(decl.options as never)).toEqual(MVTS_DEFAULTS);
    expect(resolveMvtsOptions(undefined)).toEqual(MVTS_DEFAULTS);
    expect(resolveMvtsOptions({ pageSize: 50, windowMinutes: null as unknown as number })).toEqual({ ...MVTS_DEFAULTS, pageSize: 50 });
  });

  it.each([
    [{ pageSize: 0 }, '/options/pageSize'],
    [{ pageSize: 201 }, '/options/pageSize'],
    [{ windowMinutes: 61 }, '/options/windowMinutes'],
    [{ settleMinutes: 1 }, '/options/settleMinutes'],
    [{ retry: { maxAttempts: 21 } }, '/options/retry/maxAttempts'],
    [{ retryAttempts: 11 }, '/options/retryAttempts'],
    [{ pageSize: '200' }, '/options/pageSize'],
    [{ cursorField: 'x' }, '"cursorField"'],
  ])('refuses %j', (options, where) => {
    expect(() => validateDeclaration(withOptions(options), kinds, 'x.json')).toThrow(where);
  });

  it('refuses inline credentials, missing credentials and unknown streams', () => {
    expect(() => validateDeclaration({ ...demo, credentials: { nodeCode: '620000900001', password: 'env:P' } }, kinds, 'x.json')).toThrow(
      '/credentials/nodeCode',
    );
    expect(() => validateDeclaration({ ...demo, credentials: { nodeCode: 'env:N' } }, kinds, 'x.json')).toThrow('/credentials/password');
    expect(() => validateDeclaration({ ...demo, streams: { XX: {} } }, kinds, 'x.json')).toThrow('/streams/XX');
  });
});
