import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FOUR_MIB, paddedBody } from '../../src/conformance/cases/helpers';
import { createHttpAgents, sendRaw } from '../../src/conformance/http';
import {
  creditCheckChar,
  creditCode,
  regionInScope,
  regionOutOfScope,
  residentId,
  residentIdCheckChar,
  traceCheckDigit,
  traceCode,
  withWrongCheck,
} from '../../src/conformance/codes';
import { RawNumber, toJsonText } from '../../src/conformance/json-text';
import { RecordFactory } from '../../src/conformance/records';
import { caseMatcher } from '../../src/conformance/select';
import { beijingIso } from '../../src/common/time';
import { beijingDate } from '../../src/conformance/time';
import { maskSensitive, Verifier } from '../../src/conformance/verify';
import { creditCodeCheckChar, residentIdCheckChar as nationalIdCheck, traceCodeCheckDigit } from '../../src/national/check-characters';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { NATIONAL_INTERFACES } from '../../src/national/types';

describe('codes', () => {
  it('computes the check characters of the spec examples', () => {
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(traceCheckDigit('6201020124030100001')).toBe(traceCodeCheckDigit('6201020124030100001'));
  });

  it('agrees with the gateway validator on 500 generated codes', () => {
    for (let n = 0; n < 500; n++) {
      const credit = creditCode('620102', n * 7919);
      expect(creditCodeCheckChar(credit.slice(0, 17))).toBe(credit[17]);
      const id = residentId('620102', n);
      expect(nationalIdCheck(id.slice(0, 17))).toBe(id[17]);
      const trace = traceCode('620102', '05', '240301', n * 131);
      expect(traceCodeCheckDigit(trace.slice(0, 19))).toBe(trace[19]);
    }
  });

  it('changes only the check character when making it wrong', () => {
    const code = traceCode('620102', '01', '240301', 9);
    const wrong = withWrongCheck(code);
    expect(wrong.slice(0, 19)).toBe(code.slice(0, 19));
    expect(wrong[19]).not.toBe(code[19]);
  });

  it('places regions inside and outside 2-, 4- and 6-digit scopes', () => {
    expect(regionInScope('62')).toBe('620102');
    expect(regionInScope('6201')).toBe('620102');
    expect(regionInScope('6200')).toBe('620000');
    expect(regionInScope('620105')).toBe('620105');
    expect(regionOutOfScope('62')).toBe('110101');
    expect(regionOutOfScope('1101')).toBe('310101');
  });
});

describe('generated records', () => {
  it('are valid for the gateway validator, for every interface, and fresh on every call', () => {
    const factory = new RecordFactory('62', () => Date.parse('2026-03-01T10:00:00+08:00'), 'unit');
    const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
    for (const iface of NATIONAL_INTERFACES) {
      const a = factory.valid(iface);
      const b = factory.valid(iface);
      expect(validator.validate(iface, a), iface).toEqual([]);
      expect(a.recordId).not.toBe(b.recordId);
      expect(a.recordId).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
    }
    expect(factory.batchId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(factory.randomBatchId(8)).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it('draw a new run id per factory', () => {
    expect(new RecordFactory('62', Date.now).runId).not.toBe(new RecordFactory('62', Date.now).runId);
  });
});

describe('bodies', () => {
  it('pads a batch with whitespace to an exact byte size and stays valid JSON', () => {
    const factory = new RecordFactory('62', Date.now, 'pad');
    const batch = { batchId: factory.batchId(), records: [factory.valid('subjects')] };
    for (const size of [FOUR_MIB, FOUR_MIB + 1]) {
      const body = paddedBody(batch, size);
      expect(body.length).toBe(size);
      expect(JSON.parse(body.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(batch)));
    }
  });

  it('writes numbers as given and can relayout without changing the value', () => {
    const value = { b: new RawNumber('8.330'), a: [{ y: new RawNumber('1.50'), x: 'z' }] };
    expect(toJsonText(value)).toBe('{"b":8.330,"a":[{"y":1.50,"x":"z"}]}');
    const relaid = toJsonText(value, { relayout: true });
    expect(relaid.indexOf('"a"')).toBeLessThan(relaid.indexOf('"b"'));
    expect(relaid).toContain('8.330');
    expect(JSON.parse(relaid)).toEqual(JSON.parse(toJsonText(value)));
    expect(() => new RawNumber('1.2.3')).toThrow();
  });
});

describe('helpers', () => {
  it('selects cases with globs, prefixes and exclusions', () => {
    const m = caseMatcher('trades,transport.E2001.*,!trades.upload.E1002');
    expect(m('trades.upload.valid')).toBe(true);
    expect(m('trades.upload.E1002.over-4mib')).toBe(false);
    expect(m('tradesx.upload')).toBe(false);
    expect(m('transport.E2001.bad-signature')).toBe(true);
    expect(m('transport.E2002.stale')).toBe(false);
    expect(caseMatcher('!rate')('rate.within-limit')).toBe(false);
    expect(caseMatcher('!rate')('stats.get.valid')).toBe(true);
    expect(caseMatcher(undefined)('anything')).toBe(true);
  });

  it('masks resident IDs and secrets, and leaves trace and credit codes alone', () => {
    const id = residentId('620102', 3);
    const trace = traceCode('620102', '01', '240301', 1);
    const credit = creditCode('620102', 1);
    const text = maskSensitive(`id ${id} trace ${trace} credit ${credit} key s3cr3t-value`, ['s3cr3t-value']);
    expect(text).toBe(`id ${id.slice(0, 4)}**********${id.slice(14)} trace ${trace} credit ${credit} key ****`);
  });

  it('stops a case at the first failed check and keeps what it saw', () => {
    const v = new Verifier();
    v.equal('first', 1, 1);
    expect(() => v.equal('second', { a: 1, b: 2 }, { b: 2, a: 3 })).toThrow('second: expected {"a":1,"b":2}, got {"a":3,"b":2}');
    expect(v.checks.map((c) => c.ok)).toEqual([true, false]);
  });

  it('writes Beijing time and date', () => {
    const ms = Date.parse('2026-03-01T17:30:00Z');
    expect(beijingIso(ms)).toBe('2026-03-02T01:30:00+08:00');
    expect(beijingDate(ms)).toBe('2026-03-02');
  });
});

describe('raw HTTP', () => {
  it('keeps an early 413 from a platform that closes the connection before reading the body', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end('{"code":"E1002","message":"body over 4 MiB"}', () => req.socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agents = createHttpAgents();
    try {
      const { port } = server.address() as AddressInfo;
      const res = await sendRaw({
        method: 'POST',
        url: `http://127.0.0.1:${port}/ntp/v1/trades/batch`,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: Buffer.alloc(FOUR_MIB + 1, 0x20),
        timeoutMs: 5000,
        agents,
      });
      expect(res.status).toBe(413);
      expect(res.json).toEqual({ code: 'E1002', message: 'body over 4 MiB' });
    } finally {
      agents.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
