import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { planRecorder } from '../helpers/query-plans';
import { subjectsWithCodes, tradesFromParents, transportsCarrying } from '../../src/db/queries/trace';
import { traceChain } from '../../src/trace/trace-chain';
import { traceLinks } from '../../src/pipeline/trace-links';
import { VALID_CREDIT_CODE } from './support/fixture-source';

/** A trace code (national §6.4): region + link + YYMMDD + serial + GS1 mod-10 check digit. */
function traceCode(link: string, serial: number): string {
  const body = `620123${link}260105${String(serial).padStart(5, '0')}`;
  let sum = 0;
  [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return body + String((10 - (sum % 10)) % 10);
}

const BATCH = traceCode('01', 1);
const TICKET_1 = traceCode('05', 2);
const TICKET_2 = traceCode('05', 3);
const OTHER = traceCode('01', 9);
const UNRELATED = traceCode('05', 10);

describe('trace chain across interfaces', () => {
  let t: TestDatabase;
  let n = 0;
  const insert = async (iface: string, recordId: string, body: Record<string, unknown>, version = 1) => {
    // Accepted: the only member of a delivered batch.
    const links = traceLinks(iface, body);
    await t.db.query(
      `WITH r AS (INSERT INTO national_records (interface, record_id, version, body, content_hash, trace_code, subject_code, parent_trace_code,
                                                carried_trace_codes, origin_certificate_no, adapter_id, source_record_id)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'fx', $11) RETURNING id)
       INSERT INTO batches (batch_id, interface, state, record_count, body_bytes, record_ids, delivered_at)
       SELECT 'tg-fx-' || id, $1, 'delivered', 1, 0, ARRAY[id], now() FROM r`,
      [
        iface,
        recordId,
        version,
        JSON.stringify({ recordId, version, ...body }),
        `h${++n}`,
        links.traceCode,
        links.subjectCode,
        links.parentTraceCode,
        links.carriedTraceCodes,
        links.originCertificateNo,
        n,
      ],
    );
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await insert('subjects', 'fx:subjects:1', { subjectCode: VALID_CREDIT_CODE, name: '甲农场', subjectType: 'ENTERPRISE' });
    await insert('batches', 'fx:batches:1', { traceCode: BATCH, subjectCode: VALID_CREDIT_CODE, productName: '苹果' });
    await insert('certificates', 'fx:certificates:1', { traceCode: BATCH, certificateNo: 'C-1', subjectCode: VALID_CREDIT_CODE });
    await insert('inspections', 'fx:inspections:1', { traceCode: BATCH, inspectionNo: 'I-1', conclusion: 'PASS' });
    await insert('entries', 'fx:entries:1', { traceCode: BATCH, entryNo: 'E-1', supplierCode: VALID_CREDIT_CODE });
    await insert('trades', 'fx:trades:1', { traceCode: TICKET_1, parentTraceCode: BATCH, ticketNo: 'T-1', sellerCode: VALID_CREDIT_CODE });
    await insert('trades', 'fx:trades:2', { traceCode: TICKET_2, parentTraceCode: TICKET_1, ticketNo: 'T-2 old' });
    await insert('trades', 'fx:trades:2', { traceCode: TICKET_2, parentTraceCode: TICKET_1, ticketNo: 'T-2' }, 2);
    await insert('trades', 'fx:trades:9', { traceCode: UNRELATED, parentTraceCode: OTHER, ticketNo: 'T-9' });
    await insert('transports', 'fx:transports:1', { waybillNo: 'W-1', traceCodes: [OTHER, BATCH] });
    await insert('transports', 'fx:transports:2', { waybillNo: 'W-2', traceCodes: [TICKET_2] });
    await insert('transports', 'fx:transports:3', { waybillNo: 'W-3', traceCodes: [OTHER] });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('follows a ticket upstream to its batch and downstream to the tickets sold from it', async () => {
    const c = await traceChain(t.db, TICKET_1, 3);
    expect(c.nodes.map((x) => [x.traceCode, x.hop, x.relation])).toEqual([
      [BATCH, -1, 'upstream'],
      [TICKET_1, 0, 'self'],
      [TICKET_2, 1, 'downstream'],
    ]);
    const batchNode = c.nodes[0]!;
    expect(batchNode.records.map((r) => r.interface).sort()).toEqual(['batches', 'certificates', 'entries', 'inspections']);
    expect(c.nodes[2]!.records).toHaveLength(1);
    expect(c.nodes[2]!.records[0]!.body.ticketNo).toBe('T-2');
    expect(c.links).toEqual(
      expect.arrayContaining([
        { from: BATCH, to: TICKET_1, via: 'trades', recordId: 'fx:trades:1' },
        { from: TICKET_1, to: TICKET_2, via: 'trades', recordId: 'fx:trades:2' },
      ]),
    );
    expect(c.transports.map((r) => r.body.waybillNo)).toEqual(['W-2']);
    const producer = c.parties.find((p) => p.role === 'producer');
    expect(producer).toMatchObject({ code: VALID_CREDIT_CODE, traceCode: BATCH });
    expect(producer!.subject!.body.name).toBe('甲农场');
    expect(c.truncated).toBe(false);
  });

  it('from the batch: every transport carrying it or its children, nothing unrelated', async () => {
    const c = await traceChain(t.db, BATCH, 6);
    expect(c.nodes.map((x) => x.traceCode)).toEqual([BATCH, TICKET_1, TICKET_2]);
    expect(c.transports.map((r) => r.body.waybillNo).sort()).toEqual(['W-1', 'W-2']);
  });

  it('stops at the hop bound', async () => {
    const c = await traceChain(t.db, TICKET_1, 0);
    expect(c.nodes.map((x) => x.traceCode)).toEqual([TICKET_1]);
    const one = await traceChain(t.db, TICKET_2, 1);
    expect(one.nodes.map((x) => x.traceCode)).toEqual([TICKET_1, TICKET_2]);
  });

  it('answers an unknown code with itself and nothing held', async () => {
    const c = await traceChain(t.db, traceCode('02', 77), 3);
    expect(c.nodes).toEqual([expect.objectContaining({ hop: 0, records: [] })]);
  });

  it('finds links through the indexes of migration 0131 once the table is large', async () => {
    for (const [iface, column, value] of [
      ['trades', 'parent_trace_code', `lpad(g::text, 20, '8')`],
      ['transports', 'carried_trace_codes', `ARRAY[lpad(g::text, 20, '9')]`],
      ['subjects', 'subject_code', `lpad(g::text, 18, '6')`],
    ] as const) {
      await t.db.query(
        `INSERT INTO national_records (interface, record_id, version, body, content_hash, adapter_id, source_record_id, ${column})
         SELECT $1, 'filler:' || g, 1, '{}', 'f' || g, 'fx', 0, ${value} FROM generate_series(1, 5000) g`,
        [iface],
      );
    }
    await t.db.query('ANALYZE national_records');
    const { db: explain, plans } = planRecorder(t.db);
    await tradesFromParents(explain, [BATCH], 10);
    await transportsCarrying(explain, [BATCH], 10);
    await subjectsWithCodes(explain, [VALID_CREDIT_CODE], 10);
    expect(plans[0]).toContain('national_records_parent_trace');
    expect(plans[1]).toContain('national_records_carried_codes');
    expect(plans[2]).toContain('national_records_subject_code');
    const c = await traceChain(t.db, TICKET_1, 3);
    expect(c.nodes.map((x) => x.traceCode)).toEqual([BATCH, TICKET_1, TICKET_2]);
  });
});
