import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeclarations } from '../../src/adapters/declaration';
import { adapterKinds } from '../../src/adapters/registry';

const demo = (name: string) => JSON.parse(fs.readFileSync(path.resolve('config/demo', name), 'utf8'));

function refusal(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-decl-'));
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  try {
    loadDeclarations(dir, adapterKinds);
  } catch (err) {
    return (err as Error).message.replaceAll(dir, '<dir>');
  }
  return 'accepted';
}

describe('adapter declarations read at start', () => {
  it('accepts the three demo declarations', () => {
    expect(refusal({ 'a.json': demo('gs-provincial.json'), 'b.json': demo('lz-jc-market.json'), 'c.json': demo('gs-mvts.json') })).toBe('accepted');
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
    expect(refusal({ 's.json': { ...demo('gs-mvts.json'), streams: { XX: {} } } })).toContain('/streams/XX: is not a stream of kind mvts-xml');
    expect(refusal({ '1.json': demo('gs-mvts.json'), '2.json': demo('gs-mvts.json') })).toContain('/id: "gs-mvts" is already declared in <dir>/1.json');
    expect(refusal({ 'x.json': '{ not json' })).toContain('<dir>/x.json: not valid JSON');
  });
});
