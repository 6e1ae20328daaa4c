import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeclarations } from '../../src/adapters/declaration';
import { MAX_RESPONSE_BYTES } from '../../src/adapters/http';
import { adapterKinds } from '../../src/adapters/registry';
import { secretResolver } from '../../src/runtime/instances';

const demo = (name: string) => JSON.parse(fs.readFileSync(path.resolve('config/demo', name), 'utf8'));

function refusal(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-decl-'));
  for (const [name, body] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  try {
    loadDeclarations(dir, adapterKinds);
  } catch (err) {
    return (err as Error).message.replaceAll(dir, '<dir>');
  }
  return 'accepted';
}

describe('adapter declarations read at start', () => {
  it('accepts the three demo declarations', () => {
    expect(refusal({ 'a.json': demo('gs-provincial.json'), 'b.json': demo('lz-jc-market.json'), 'c.json': demo('gs-mvts.json') })).toBe(
      'accepted',
    );
  });

  it('names the file, the field and the reason of a bad option, with the kind', () => {
    const d = demo('gs-provincial.json');
    d.options.pageSize = 5000;
    expect(refusal({ 'gs.json': d })).toBe('<dir>/gs.json /options/pageSize: must be <= 500 (kind provincial-rest)');
  });

  it('refuses an inline credential, an unknown kind, an unknown stream and a repeated id', () => {
    const inline = demo('lz-jc-market.json');
    inline.credentials.apiKey = 'plain-key-0123456789';
    const m = refusal({ 'm.json': inline });
    expect(m).toContain('<dir>/m.json /credentials/apiKey: must match pattern');
    expect(m).not.toContain('plain-key-0123456789');
    expect(refusal({ 'k.json': { ...demo('gs-mvts.json'), kind: 'ftp-csv' } })).toContain('/kind: unknown kind "ftp-csv"');
    expect(refusal({ 's.json': { ...demo('gs-mvts.json'), streams: { XX: {} } } })).toContain(
      '/streams/XX: is not a stream of kind mvts-xml',
    );
    expect(refusal({ '1.json': demo('gs-mvts.json'), '2.json': demo('gs-mvts.json') })).toContain(
      '/id: "gs-mvts" is already declared in <dir>/1.json',
    );
    expect(refusal({ 'x.json': '{ not json' })).toContain('<dir>/x.json: not valid JSON');
  });

  it("accepts source credentials only as env:TG_SOURCE_* references, refusing the gateway's own variables", () => {
    for (const name of ['NATIONAL_APP_SECRET', 'DATABASE_URL', 'ADMIN_TOKEN', 'HOME']) {
      const d = demo('lz-jc-market.json');
      d.credentials.apiKey = `env:${name}`;
      expect(refusal({ 'm.json': d })).toBe(
        '<dir>/m.json /credentials/apiKey: is not usable: a source credential must be env:TG_SOURCE_<NAME>, naming a set, non-empty environment variable of the gateway',
      );
    }
  });

  it('resolves a credential at run time with one message for a refused name and an unset one, never telling what exists', () => {
    const env = { DATABASE_URL: 'postgresql://u:pw@db/x', NATIONAL_APP_SECRET: 'n-secret', TG_SOURCE_OK: 'source-secret' };
    const resolve = secretResolver(env);
    expect(resolve('env:TG_SOURCE_OK')).toBe('source-secret');
    const messages = ['env:DATABASE_URL', 'env:NATIONAL_APP_SECRET', 'env:NOT_THERE', 'env:TG_SOURCE_NOT_THERE'].map((ref) => {
      try {
        resolve(ref);
        return 'resolved';
      } catch (err) {
        return (err as Error).message.replace(ref, 'REF');
      }
    });
    expect(new Set(messages)).toEqual(new Set([messages[0]]));
    expect(messages[0]).toMatch(/^credential REF is not usable: a source credential must be env:TG_SOURCE_<NAME>/);
    expect(messages.join()).not.toMatch(/pw@db|n-secret/);
  });

  it('needs allowedHosts for allowPrivateAddresses, and caps maxResponseBytes for every kind', () => {
    const d = demo('gs-provincial.json');
    d.allowedHosts = [];
    expect(refusal({ 'p.json': d })).toContain('/allowPrivateAddresses: applies only to hosts listed in allowedHosts');
    for (const name of ['gs-provincial.json', 'lz-jc-market.json', 'gs-mvts.json']) {
      const big = demo(name);
      big.options.maxResponseBytes = MAX_RESPONSE_BYTES + 1;
      expect(refusal({ 'big.json': big }), name).toMatch(new RegExp(`/options/maxResponseBytes: must be <= ${MAX_RESPONSE_BYTES}`));
      big.options.maxResponseBytes = MAX_RESPONSE_BYTES;
      expect(refusal({ 'big.json': big }), name).toBe('accepted');
    }
  });
});
