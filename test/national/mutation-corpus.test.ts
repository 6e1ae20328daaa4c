import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNationalClient } from '../../src/national/client';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { NATIONAL_INTERFACES, type NationalError, type Receipt } from '../../src/national/types';
import { createValidator, singleRecordFacts } from '../../src/national/validate';
import { createMockNational, type MockNational } from '../../src/demo/national';
import { generateCorpus, type Mutant } from './corpus/mutations';
import { expectedErrors } from './corpus/oracle';
import { REGION_SCOPE } from './corpus/spec-model';

/**
 * A seeded corpus of several thousand mutations of valid records of all eight interfaces
 * (corpus/mutations.ts), checked three ways:
 * - the validator gives exactly the errors (codes, paths, order) of an oracle written from the
 *   spec text (corpus/oracle.ts, corpus/spec-model.ts), on the record's text as the platform sees it;
 * - for mutations the gateway can produce (no raw literals, no repeated members), validating the
 *   parsed object alone, as the gateway does, gives the same answer as validating it with its text;
 * - the bundled mock platform, sent the same texts in batches, answers each record with the same
 *   errors (or ACCEPTED when there are none).
 */

const SEED = 20261205;
const PAIRS_PER_INTERFACE = 400;
const CLIENT = { appKey: 'corpus-key', appSecret: 'corpus-secret', regionScope: REGION_SCOPE };

const corpus = generateCorpus(SEED, PAIRS_PER_INTERFACE);
const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: REGION_SCOPE });

const brief = (errors: readonly NationalError[]) => errors.map(({ code, path }) => ({ code, path }));

function validatorErrors(mutant: Mutant): NationalError[] {
  return validator.validate(mutant.iface, JSON.parse(mutant.text), singleRecordFacts(mutant.text));
}

/** Mismatches as readable lines, so one failing run shows every disagreement at once. */
function mismatches(check: (m: Mutant) => string | undefined): string[] {
  const out: string[] = [];
  for (const mutant of corpus) {
    const problem = check(mutant);
    if (problem !== undefined) out.push(`${mutant.iface} [${mutant.mutations.join(' + ')}] ${problem}\n  ${mutant.text.slice(0, 300)}`);
  }
  return out;
}

describe(`mutation corpus (seed ${SEED})`, () => {
  it('has several thousand mutations over all eight interfaces', () => {
    expect(corpus.length).toBeGreaterThan(4000);
    for (const iface of NATIONAL_INTERFACES) expect(corpus.filter((m) => m.iface === iface).length).toBeGreaterThan(450);
    expect(corpus.filter((m) => m.textOnly).length).toBeGreaterThan(300);
    expect(corpus.filter((m) => m.mutations.length === 2).length).toBe(8 * PAIRS_PER_INTERFACE);
  });

  it("the validator gives the oracle's errors, codes, paths and order", () => {
    const found = mismatches((m) => {
      const expected = expectedErrors(m.iface, JSON.parse(m.text) as Record<string, unknown>, m.declared);
      const actual = brief(validatorErrors(m));
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? undefined
        : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    });
    expect(found.slice(0, 20).join('\n'), `${found.length} mismatches`).toBe('');
  });

  it('the parsed object alone gives the same answer, for what the gateway can write', () => {
    const found = mismatches((m) => {
      if (m.textOnly) return undefined;
      const alone = brief(validator.validate(m.iface, JSON.parse(m.text)));
      const withText = brief(validatorErrors(m));
      return JSON.stringify(alone) === JSON.stringify(withText)
        ? undefined
        : `object alone ${JSON.stringify(alone)}, with text ${JSON.stringify(withText)}`;
    });
    expect(found.slice(0, 20).join('\n'), `${found.length} mismatches`).toBe('');
  });

  describe('the bundled mock platform', () => {
    let mock: MockNational;
    let baseUrl: string;
    beforeAll(async () => {
      mock = createMockNational({ clients: [CLIENT], rateLimitPerSecond: 0 });
      baseUrl = (await mock.listen(0)).url;
    });
    afterAll(() => mock?.close());

    it('answers every record as the validator does', async () => {
      const client = createNationalClient({
        baseUrl,
        appKey: CLIENT.appKey,
        appSecret: CLIENT.appSecret,
        signMethod: 'HMAC-SHA256',
        timeoutMs: 30_000,
      });
      const found: string[] = [];
      let batchNo = 0;
      for (const iface of NATIONAL_INTERFACES) {
        const mutants = corpus.filter((m) => m.iface === iface);
        for (let at = 0; at < mutants.length; at += 500) {
          const chunk = mutants.slice(at, at + 500);
          const body = `{"batchId":"corpus-${SEED}-${++batchNo}","records":[${chunk.map((m) => m.text).join(',')}]}`;
          const answer = await client.postBatch(iface, body);
          if (answer.kind !== 'receipt') throw new Error(`no receipt for ${iface}: ${JSON.stringify(answer).slice(0, 300)}`);
          const receipt: Receipt = answer.receipt;
          chunk.forEach((m, i) => {
            const result = receipt.results[i];
            const expected = validatorErrors(m);
            const wanted = expected.length === 0 ? { status: 'ACCEPTED' } : { status: 'REJECTED', errors: expected };
            const got = result.status === 'REJECTED' ? { status: result.status, errors: result.errors } : { status: result.status };
            if (JSON.stringify(got) !== JSON.stringify(wanted))
              found.push(`${iface} [${m.mutations.join(' + ')}] mock ${JSON.stringify(got)}, validator ${JSON.stringify(wanted)}`);
          });
        }
      }
      expect(found.slice(0, 20).join('\n'), `${found.length} mismatches`).toBe('');
    });
  });
});
