import { describe, expect, it } from 'vitest';
import { traceLinks } from '../../src/pipeline/trace-links';

describe('traceLinks', () => {
  it('takes a subject code from subjects only', () => {
    expect(traceLinks('subjects', { subjectCode: '91620102MA73F00001' })).toEqual({
      traceCode: null,
      subjectCode: '91620102MA73F00001',
      parentTraceCode: null,
      carriedTraceCodes: null,
      originCertificateNo: null,
    });
    // A batch names its producer's subjectCode; no lookup asks for batches by it.
    expect(traceLinks('batches', { traceCode: '62012301260105000018', subjectCode: '91620102MA73F00001' })).toEqual({
      traceCode: '62012301260105000018',
      subjectCode: null,
      parentTraceCode: null,
      carriedTraceCodes: null,
      originCertificateNo: null,
    });
  });

  it('takes the parent trace code from trades and the carried codes from transports', () => {
    const trade = traceLinks('trades', { traceCode: '62012305260105000021', parentTraceCode: '62012301260105000018' });
    expect([trade.traceCode, trade.parentTraceCode, trade.carriedTraceCodes]).toEqual([
      '62012305260105000021',
      '62012301260105000018',
      null,
    ]);
    const transport = traceLinks('transports', { traceCodes: ['62012301260105000018', '62012305260105000021'] });
    expect(transport).toEqual({
      traceCode: null,
      subjectCode: null,
      parentTraceCode: null,
      carriedTraceCodes: ['62012301260105000018', '62012305260105000021'],
      originCertificateNo: null,
    });
  });

  it('takes the certificate an entry names from entries only', () => {
    expect(traceLinks('entries', { traceCode: '62010205260105000031', originCertificateNo: 'HGZ-2026-0001' })).toEqual({
      traceCode: '62010205260105000031',
      subjectCode: null,
      parentTraceCode: null,
      carriedTraceCodes: null,
      originCertificateNo: 'HGZ-2026-0001',
    });
    expect(
      traceLinks('certificates', { certificateNo: 'HGZ-2026-0001', originCertificateNo: 'HGZ-2026-0001' }).originCertificateNo,
    ).toBeNull();
    expect(traceLinks('entries', { traceCode: '62010205260105000031' }).originCertificateNo).toBeNull();
  });

  it('leaves out what is not text', () => {
    expect(traceLinks('subjects', { subjectCode: 42, traceCode: null })).toMatchObject({ subjectCode: null, traceCode: null });
    expect(traceLinks('transports', { traceCodes: 'not a list' }).carriedTraceCodes).toBeNull();
    expect(traceLinks('entries', { originCertificateNo: 1 }).originCertificateNo).toBeNull();
    expect(traceLinks('transports', { traceCodes: ['62012301260105000018', 7, null] }).carriedTraceCodes).toEqual(['62012301260105000018']);
  });
});
