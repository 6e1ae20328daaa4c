/**
 * Micro-benchmark of the national validator: validates 100,000 valid `trades` records and prints
 * records per second. Not a test. Run: npx tsx bench/validate-micro.ts
 */
import { loadBundledCodeLists } from '../src/national/codelists';
import type { NationalRecord } from '../src/national/types';
import { createValidator } from '../src/national/validate';
import { validRecords } from '../test/fixtures/national/valid-records';

const COUNT = 100_000;
const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });

// Distinct objects, as the pipeline would hand them over.
const records: NationalRecord[] = [];
for (let i = 0; i < COUNT; i++) {
  records.push({ ...validRecords.trades, recordId: `lz-jc-market:sales:XS${String(i).padStart(14, '0')}`, version: 1 + (i % 3) });
}

function run(): number {
  let invalid = 0;
  for (const record of records) if (validator.validate('trades', record).length > 0) invalid++;
  return invalid;
}

run(); // warm-up
const started = process.hrtime.bigint();
const invalid = run();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (invalid > 0) throw new Error(`${invalid} records unexpectedly invalid`);
console.log(`validated ${COUNT} trades records in ${seconds.toFixed(3)} s: ${Math.round(COUNT / seconds)} records/s`);
