import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_LIST_NAMES, CodeLists, loadBundledCodeLists, type CodeList } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { validRecord } from '../fixtures/national/valid-records';

const bundledDir = path.resolve(__dirname, '../../config/codelists');
const readList = (name: string): CodeList => JSON.parse(readFileSync(path.join(bundledDir, `${name}.json`), 'utf8')) as CodeList;

describe('CodeLists', () => {
  const lists = loadBundledCodeLists();

  it('loads the six bundled lists with their versions', () => {
    expect(Object.keys(lists.versions()).sort()).toEqual([...CODE_LIST_NAMES].sort());
    expect(lists.versions()['units']).toBe('1.0');
  });

  it('looks codes up case-sensitively', () => {
    expect(lists.has('units', 'KG')).toBe(true);
    expect(lists.has('units', 'kg')).toBe(false);
    expect(lists.has('provinces', '62')).toBe(true);
    expect(lists.has('provinces', '00')).toBe(false);
    expect(lists.has('test-items', 'CHLORPYRIFOS')).toBe(true);
  });

  it('knows meat products and the order of commitments', () => {
    expect(lists.isMeat('MEAT_PORK')).toBe(true);
    expect(lists.isMeat('LIVE_PIG')).toBe(false);
    expect(lists.isMeat('VEG_LEAFY')).toBe(false);
    expect(lists.isMeat('NOPE')).toBe(false);
    expect(lists.commitmentOrder('NO_BANNED_DRUGS')).toBe(1);
    expect(lists.commitmentOrder('MEETS_RESIDUE_STANDARDS')).toBe(4);
    expect(lists.commitmentOrder('NOPE')).toBeUndefined();
  });

  it('uses a list fetched from the platform as it is, attributes included (§7.19)', () => {
    const own = loadBundledCodeLists();
    own.replace({
      name: 'product-categories',
      version: '1.1',
      entries: [
        { code: 'MEAT_PORK', label: '猪肉', meat: true, labelEn: 'Pork', group: 'meat' },
        { code: 'VEG_LEAFY', label: '叶菜', meat: false },
        { code: 'MEAT_DONKEY', label: '驴肉', meat: true, shelfLifeDays: 3 },
        { code: 'MEAT_BEEF', label: '牛肉', meat: false }, // the platform's word, not the bundled copy's
      ],
    });
    expect(own.versions()['product-categories']).toBe('1.1');
    expect(own.isMeat('MEAT_PORK')).toBe(true);
    expect(own.isMeat('MEAT_DONKEY')).toBe(true);
    expect(own.isMeat('MEAT_BEEF')).toBe(false);
    expect(own.entry('product-categories', 'MEAT_PORK')).toEqual({
      code: 'MEAT_PORK',
      label: '猪肉',
      meat: true,
      labelEn: 'Pork',
      group: 'meat',
    });
    expect(own.entry('product-categories', 'MEAT_DONKEY')?.shelfLifeDays).toBe(3);
    expect(own.has('product-categories', 'MEAT_MUTTON')).toBe(false); // dropped by the platform
  });

  it('refuses a product-categories list whose entries do not say meat (§7.19)', () => {
    const own = loadBundledCodeLists();
    expect(() => own.replace({ name: 'product-categories', version: '1.1', entries: [{ code: 'MEAT_PORK', label: '猪肉' }] })).toThrow(
      /MEAT_PORK lacks meat/,
    );
    expect(() =>
      own.replace({ name: 'product-categories', version: '1.1', entries: [{ code: 'MEAT_PORK', label: '猪肉', meat: 'yes' }] }),
    ).toThrow(/lacks meat/);
    expect(own.versions()['product-categories']).toBe('1.0');
    expect(own.isMeat('MEAT_PORK')).toBe(true);
  });

  it('takes order from the fetched commitments list', () => {
    const own = loadBundledCodeLists();
    own.replace({ name: 'commitments', version: '2', entries: [{ code: 'OBSERVE_INTERVALS', label: 'c', order: 1 }] });
    expect(own.commitmentOrder('OBSERVE_INTERVALS')).toBe(1);
    expect(own.has('commitments', 'NO_BANNED_DRUGS')).toBe(false);
  });

  it('refuses unknown or malformed lists', () => {
    const own = loadBundledCodeLists();
    expect(() => own.replace({ name: 'colours', version: '1', entries: [] })).toThrow(/unknown code list/);
    expect(() => own.replace({ name: 'units', version: '', entries: [] })).toThrow(/no version/);
    expect(() => own.replace({ name: 'units', version: '2', entries: [{ code: 'KG' } as never] })).toThrow(/code or label/);
    expect(() => new CodeLists([readList('units')])).toThrow(/missing code lists/);
  });

  it('is what the validator reads, so a replaced list changes the answer', () => {
    const own = loadBundledCodeLists();
    const validator = createValidator({ codeLists: own, regionScope: '62' });
    const record = validRecord('trades');
    expect(validator.validate('trades', record)).toEqual([]);
    own.replace({ name: 'units', version: '2', entries: [{ code: 'JIN', label: '斤' }] });
    expect(validator.validate('trades', record).map((e) => [e.code, e.path])).toEqual([['E4003', '/unit']]);
  });
});

describe('loadBundledCodeLists', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codelists-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a given folder', () => {
    cpSync(bundledDir, dir, { recursive: true });
    const units = readList('units');
    writeFileSync(path.join(dir, 'units.json'), JSON.stringify({ ...units, version: '9.9' }));
    expect(loadBundledCodeLists(dir).versions()['units']).toBe('9.9');
  });

  it('refuses a file whose name does not match', () => {
    writeFileSync(path.join(dir, 'units.json'), JSON.stringify({ ...readList('units'), name: 'provinces' }));
    expect(() => loadBundledCodeLists(dir)).toThrow(/expected units/);
  });
});
