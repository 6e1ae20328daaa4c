import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/adapters/decode';
import { PageError, type PageErrorCode } from '../../src/adapters/errors';
import { readExportResponse } from '../../src/adapters/market-csv/page';
import { MARKET_STREAMS, type MarketStream } from '../../src/adapters/market-csv/streams';
import { readResponse, recordFields, recordNodes } from '../../src/adapters/mvts-xml/xml';
import { parseListBody, PROVINCIAL_STREAMS, type ProvincialStream } from '../../src/adapters/provincial-rest/streams';

/**
 * Property-based fuzzing of the three source parsers and the charset decoder, as a hostile or broken
 * source would feed them: random bytes, random JSON, XML-like fragments, valid pages that must read
 * back exactly, and the same pages cut short. Every input ends in a value or a PageError with one of
 * the page error codes of source-subsystems §5.8, never another exception: a page either reads whole
 * or gives nothing to stage.
 */

const PAGE_ERROR_CODES: readonly PageErrorCode[] = ['MALFORMED_BODY', 'UNDECODABLE_BODY', 'BODY_TOO_LARGE', 'UNEXPECTED_RESPONSE'];
const SEED = 20260105;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: PageError };

/** The value, or the PageError; any other throw fails the property. */
async function outcome<T>(fn: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (!(err instanceof PageError)) throw new Error(`not a PageError: ${String(err)}`, { cause: err });
    expect(PAGE_ERROR_CODES).toContain(err.code);
    expect(err.message.length).toBeGreaterThan(err.code.length + 2);
    return { ok: false, error: err };
  }
}

const runs = (numRuns: number) => ({ numRuns, seed: SEED });

/** Text in GBK's repertoire with the characters that need escaping or quoting in each format. */
const FIELD_CHARS = [
  'a',
  'Z',
  '0',
  '7',
  ' ',
  '\t',
  ',',
  '"',
  "'",
  '\n',
  '\r\n',
  '<',
  '>',
  '&',
  ';',
  '中',
  '猪',
  '肉',
  '·',
  '，',
  '号',
  ':',
];
const fieldText = (maxLength = 12) => fc.string({ unit: fc.constantFrom(...FIELD_CHARS), maxLength });
const keyText = fc.string({ unit: fc.constantFrom('A', 'b', '1', '9', '-', '中'), minLength: 1, maxLength: 10 });
const cutPoint = (length: number) => fc.integer({ min: 0, max: Math.max(0, length - 1) });

describe('fuzz: charset decoding (§5.9)', () => {
  it('any bytes under any label decode strictly, back to the same bytes, or are UNDECODABLE_BODY', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(undefined, 'utf-8', 'UTF8', 'gbk', 'GB2312', 'gb18030', 'latin1', 'x-unknown'),
        async (bytes, label) => {
          const body = Buffer.from(bytes);
          const r = await outcome(() => decodeBody(body, label));
          if (!r.ok) {
            expect(r.error.code).toBe('UNDECODABLE_BODY');
            return;
          }
          const { text, charset } = r.value;
          const start = body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
          // No replacement character is ever invented. UTF-8 text encodes back to the very bytes; GB18030
          // text too, but for the single byte 0x80 that GBK writers use for € (as the WHATWG decoder reads it).
          if (charset === 'utf-8') expect(Buffer.from(text, 'utf8').equals(body.subarray(start))).toBe(true);
          else if (text.includes('\uFFFD')) expect(iconv.encode(text, 'gb18030').equals(body)).toBe(true);
          else {
            const direct = iconv.encode(text, 'gb18030').equals(body);
            const euroAs0x80 = iconv
              .encode(text.replaceAll('€', '\u0000'), 'gb18030')
              .equals(Buffer.from(body.map((b) => (b === 0x80 ? 0 : b))));
            expect(direct || euroAs0x80).toBe(true);
          }
        },
      ),
      runs(2500),
    );
  });
});

describe('fuzz: provincial JSON pages', () => {
  const stream = fc.constantFrom(...(Object.keys(PROVINCIAL_STREAMS) as ProvincialStream[]));

  it('random bytes and random JSON give a page or a PageError', async () => {
    await fc.assert(
      fc.asyncProperty(
        stream,
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
          fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
        ),
        async (s, body) => {
          await outcome(() => parseListBody(s, body));
        },
      ),
      runs(1500),
    );
  });

  it('envelopes with random data give a page or a PageError', async () => {
    const data = fc.record(
      {
        records: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
        nextCursor: fc.jsonValue({ maxDepth: 1 }),
        total: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(stream, fc.integer({ min: -1, max: 1 }), data, async (s, code, d) => {
        await outcome(() => parseListBody(s, Buffer.from(JSON.stringify({ code, msg: 'ok', data: d }))));
      }),
      runs(1000),
    );
  });

  const page = stream.chain((s) =>
    fc
      .array(
        fc.record({
          key: keyText,
          gxsj: fc.constant('2026-01-05 08:00:00'),
          extra: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        }),
        { minLength: 1, maxLength: 5 },
      )
      .map((rows) => {
        const records = rows.map((r) => ({ ...r.extra, [PROVINCIAL_STREAMS[s].key]: r.key, gxsj: r.gxsj }));
        return {
          stream: s,
          records,
          body: Buffer.from(JSON.stringify({ code: 0, msg: 'ok', data: { records, nextCursor: null, total: records.length } })),
        };
      }),
  );

  it('a valid page reads back every record exactly; cut short it is MALFORMED_BODY or UNDECODABLE_BODY, never a partial page', async () => {
    await fc.assert(
      fc.asyncProperty(
        page.chain((p) => fc.tuple(fc.constant(p), cutPoint(p.body.length))),
        async ([p, cut]) => {
          const whole = await outcome(() => parseListBody(p.stream, p.body));
          expect(whole.ok).toBe(true);
          if (whole.ok) expect(whole.value.records.map((r) => r.payload)).toEqual(p.records.map((r) => JSON.parse(JSON.stringify(r))));
          const truncated = await outcome(() => parseListBody(p.stream, p.body.subarray(0, cut)));
          expect(truncated.ok).toBe(false);
          if (!truncated.ok && cut > 0) expect(['MALFORMED_BODY', 'UNDECODABLE_BODY']).toContain(truncated.error.code);
        },
      ),
      runs(1500),
    );
  });
});

describe('fuzz: market CSV exports (GBK and UTF-8)', () => {
  const streams = Object.values(MARKET_STREAMS);
  const cell = (v: string) => (/[",\r\n\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

  function exportResponse(body: Buffer, headers: Record<string, string>) {
    return { status: 200, headers, body, request: 'GET /export' };
  }

  it('random bodies and headers give a page or a PageError', async () => {
    const header = fc.oneof(fc.constant(undefined), fc.constantFrom('0', '1', '3', '-1', 'x', '99999999999999999'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...streams),
        fc.oneof(
          fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b)),
          fieldText(80).map((t) => Buffer.from(t)),
        ),
        header,
        header,
        fc.constantFrom(undefined, 'text/csv; charset=GBK', 'text/csv; charset=UTF-8', 'text/html', 'text/csv; charset=latin9'),
        async (stream, body, rowCount, nextSince, contentType) => {
          const headers: Record<string, string> = {};
          if (rowCount !== undefined) headers['x-row-count'] = rowCount;
          if (nextSince !== undefined) headers['x-next-since'] = nextSince;
          if (contentType !== undefined) headers['content-type'] = contentType;
          await outcome(() => readExportResponse(exportResponse(body, headers), stream, 0));
        },
      ),
      runs(1500),
    );
  });

  const page = fc.constantFrom(...streams).chain((stream: MarketStream) =>
    fc
      .tuple(
        fc.array(fc.array(fieldText(), { minLength: stream.columns.length - 1, maxLength: stream.columns.length - 1 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
      )
      .map(([rows, gbk]) => {
        const lines = [stream.columns.join(',')];
        const expected = rows.map((values, i) => {
          const seq = 100 + i;
          const payload: Record<string, string> = { [stream.columns[0]!]: String(seq) };
          stream.columns.slice(1).forEach((c, j) => (payload[c] = values[j]!.trim()));
          lines.push([String(seq), ...values.map(cell)].join(','));
          return payload;
        });
        const text = `${lines.join('\r\n')}\r\n`;
        const body = gbk ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
        const headers = {
          'content-type': gbk ? 'text/csv; charset=GBK' : 'text/csv; charset=UTF-8',
          'x-row-count': String(rows.length),
          'x-next-since': String(99 + rows.length),
        };
        return { stream, body, headers, expected };
      }),
  );

  it('a valid page reads back every row exactly; cut short it is refused whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        page.chain((p) => fc.tuple(fc.constant(p), cutPoint(p.body.length - 2))),
        async ([p, cut]) => {
          const whole = await outcome(() => readExportResponse(exportResponse(p.body, p.headers), p.stream, 99));
          expect(whole.ok).toBe(true);
          if (whole.ok) expect(whole.value.rows.map((r) => r.payload)).toEqual(p.expected);
          // Cut before the last row's final CRLF: something of the page is missing, so none of it is read.
          const truncated = await outcome(() => readExportResponse(exportResponse(p.body.subarray(0, cut), p.headers), p.stream, 99));
          expect(truncated.ok).toBe(false);
        },
      ),
      runs(1000),
    );
  });
});

describe('fuzz: mvts XML responses', () => {
  const FRAGMENTS = [
    '<?xml version="1.0" encoding="GBK"?>',
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Response>',
    '</Response>',
    '<Head>',
    '</Head>',
    '<Code>0000</Code>',
    '<Code>1001</Code>',
    '<Message>成功</Message>',
    '<TotalCount>2</TotalCount>',
    '<Body>',
    '</Body>',
    '<Records>',
    '</Records>',
    '<Records/>',
    '<Record>',
    '</Record>',
    '<A>',
    '</A>',
    '<B/>',
    'x',
    '中',
    '&amp;',
    '&',
    '&#0;',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '<!DOCTYPE r [<!ENTITY e "x">]>',
    '&e;',
    ' ',
    '\n',
    '"',
    '<',
    '>',
  ];

  it('random bytes and XML-like fragments give a response or a PageError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)),
          fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 24 }).map((f) => Buffer.from(f.join(''), 'utf8')),
        ),
        fc.constantFrom(undefined, 'text/xml; charset=GBK', 'text/xml; charset=UTF-8'),
        async (body, contentType) => {
          const r = await outcome(() => readResponse(body, contentType));
          if (r.ok) recordNodes(r.value.body).map(recordFields);
        },
      ),
      runs(2000),
    );
  });

  const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const response = fc
    .tuple(fc.array(fc.tuple(fieldText(), fieldText()), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([rows, gbk]) => {
      const records = rows.map(([a, b]) => `<Record><TraceCode>${escape(a)}</TraceCode><Name>${escape(b)}</Name></Record>`).join('');
      const xml = `<?xml version="1.0" encoding="${gbk ? 'GBK' : 'UTF-8'}"?><Response><Head><Code>0000</Code><Message>ok</Message><TotalCount>${rows.length}</TotalCount></Head><Body><Records>${records}</Records></Body></Response>`;
      return {
        body: gbk ? iconv.encode(xml, 'gbk') : Buffer.from(xml, 'utf8'),
        expected: rows.map(([a, b]) => ({ TraceCode: a.trim(), Name: b.trim() })),
      };
    });

  it('a valid response reads back every record exactly; cut short it is MALFORMED_BODY or UNDECODABLE_BODY', async () => {
    await fc.assert(
      fc.asyncProperty(
        response.chain((p) => fc.tuple(fc.constant(p), cutPoint(p.body.length))),
        async ([p, cut]) => {
          const whole = await outcome(() => readResponse(p.body, 'text/xml'));
          expect(whole.ok).toBe(true);
          if (whole.ok) expect(recordNodes(whole.value.body).map(recordFields)).toEqual(p.expected);
          const truncated = await outcome(() => readResponse(p.body.subarray(0, cut), 'text/xml'));
          expect(truncated.ok).toBe(false);
          if (!truncated.ok && cut > 40) expect(['MALFORMED_BODY', 'UNDECODABLE_BODY']).toContain(truncated.error.code);
        },
      ),
      runs(1500),
    );
  });
});
