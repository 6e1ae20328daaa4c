import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_ERROR_CATALOG, SOURCE_ERROR_CATALOG } from '../src/errors';

const ROOT = path.resolve(__dirname, '..');

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full, ext);
    return e.name.endsWith(ext) ? [full] : [];
  });
}

const text = (files: string[]) => files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const source = text(filesUnder(path.join(ROOT, 'src/adapters'), '.ts'));
const docs = text([...filesUnder(path.join(ROOT, 'docs'), '.md'), path.join(ROOT, 'README.md')]);

describe('the catalogue of source error codes', () => {
  it('lists every code the documentation names (credential variable names aside)', () => {
    const named = new Set(docs.match(/\bTG_(?:SOURCE|MVTS)_[A-Z_]+[A-Z]\b/g) ?? []);
    const codes = [...named].filter((c) => !/_(APP_ID|APP_SECRET|API_KEY|NODE_CODE|PASSWORD|TOKEN)$/.test(c) || c in SOURCE_ERROR_CATALOG);
    expect(codes.filter((c) => !(c in SOURCE_ERROR_CATALOG))).toEqual([]);
  });

  it('holds no code that no adapter throws', () => {
    const unused = Object.keys(SOURCE_ERROR_CATALOG).filter((code) => !source.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('names page errors as source-subsystems §5.8 does', () => {
    expect(Object.keys(PAGE_ERROR_CATALOG).sort()).toEqual(['BODY_TOO_LARGE', 'MALFORMED_BODY', 'UNDECODABLE_BODY', 'UNEXPECTED_RESPONSE']);
  });
});
