import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PageError } from '../../../src/adapters/errors';
import {
  asArray,
  parseResponseText,
  readResponse,
  recordFields,
  recordNodes,
  sliceRecordElements,
  buildRecordText,
  XML_CHUNK_CHARS,
} from '../../../src/adapters/mvts-xml/xml';

const SAMPLES = path.resolve(__dirname, '../../fixtures/samples/mvts');
const sample = (f: string) => fs.readFileSync(path.join(SAMPLES, f));
const wrap = (records: string) =>
  `<?xml version="1.0" encoding="GBK"?><Response><Head><Code>0000</Code><Message>成功</Message><TotalCount>9</TotalCount><PageNo>1</PageNo><PageSize>200</PageSize></Head><Body>${records}</Body></Response>`;

async function records(inner: string) {
  const res = await readResponse(iconv.encode(wrap(inner), 'gbk'), 'text/xml; charset=GBK');
  return recordNodes(res.body).map(recordFields);
}

async function pageError(body: Buffer, contentType = 'text/xml; charset=GBK'): Promise<string> {
  const err = await readResponse(body, contentType).catch((e: unknown) => e);
  if (!(err instanceof PageError)) throw new Error(`expected a PageError, got ${String(err)}`);
  return err.code;
}

describe('asArray', () => {
  it.each([
    [undefined, []],
    [null, []],
    ['', ['']],
    [{ a: 1 }, [{ a: 1 }]],
    [
      [1, 2],
      [1, 2],
    ],
  ])('%j → %j', (input, out) => expect(asArray<unknown>(input)).toEqual(out));
});

describe('mvts XML reading (§4.6)', () => {
  it('reads zero, one and several Record children the same way', async () => {
    expect(await records('<Records/>')).toEqual([]);
    expect(await records('<Records></Records>')).toEqual([]);
    expect(await records('<Records>\n   \n</Records>')).toEqual([]);
    expect(await records('')).toEqual([]);
    expect(await records('<Records><Record><A>1</A></Record></Records>')).toEqual([{ A: '1' }]);
    expect(await records('<Records><Record><A>1</A></Record><Record><A>2</A></Record></Records>')).toEqual([{ A: '1' }, { A: '2' }]);
  });

  it('trims values, reads CDATA, treats empty and whitespace-only elements as empty', async () => {
    const [r] = await records(
      '<Records><Record><Weight> 8.50 </Weight><CarcassWeight>  1512.6\n        </CarcassWeight><SellerName><![CDATA[ 马建华 ]]></SellerName><BuyerId/><BuyerName></BuyerName><Note>   </Note><X>a &amp; b</X></Record></Records>',
    );
    expect(r).toEqual({ Weight: '8.50', CarcassWeight: '1512.6', SellerName: '马建华', BuyerId: '', BuyerName: '', Note: '', X: 'a & b' });
  });

  it('keeps nested elements as lists, whatever the element order and unknown elements', async () => {
    const [r] = await records(
      '<Records><Record><UploadTime>20240612065012</UploadTime><TraceCodes>\n <TraceCode>1</TraceCode>\n <TraceCode> 2 </TraceCode></TraceCodes><Ext><Flag>1</Flag></Ext><WaybillNo>W</WaybillNo></Record></Records>',
    );
    expect(r).toEqual({ UploadTime: '20240612065012', TraceCodes: { TraceCode: ['1', '2'] }, Ext: { Flag: ['1'] }, WaybillNo: 'W' });
    const [one] = await records('<Records><Record><TraceCodes><TraceCode>1</TraceCode></TraceCodes></Record></Records>');
    expect(one).toEqual({ TraceCodes: { TraceCode: ['1'] } });
  });

  it('keeps element names case-sensitive and takes the first of a repeated element', async () => {
    const [r] = await records(
      '<Records><Record><nodecode>x</nodecode><NodeCode>620111010001</NodeCode><NodeCode>other</NodeCode></Record></Records>',
    );
    expect(r).toEqual({ nodecode: 'x', NodeCode: '620111010001' });
  });

  it('reads the head of a response', async () => {
    const res = await readResponse(sample('tz-response.xml'), 'text/xml; charset=GBK');
    expect(res.head).toEqual({ code: '0000', message: '成功', totalCount: 4, pageNo: 1, pageSize: 200 });
    expect(res.charset).toBe('gb18030');
    expect(res.warnings).toEqual([]);
    const login = await readResponse(sample('login-response.xml'), undefined);
    expect(login.head).toMatchObject({ code: '0000', message: '登录成功', totalCount: undefined });
  });

  it('resolves the charset from the XML declaration before Content-Type (§5.9)', async () => {
    const utf8 = Buffer.from(wrap('<Records/>').replace('encoding="GBK"', 'encoding="UTF-8"'), 'utf8');
    expect((await readResponse(utf8, 'text/xml; charset=GBK')).charset).toBe('utf-8');
    const gbkBody = iconv.encode(wrap('<Records/>'), 'gbk');
    expect((await readResponse(gbkBody, 'text/xml; charset=UTF-8')).charset).toBe('gb18030');
    const noDecl = iconv.encode(wrap('<Records/>').replace(/^<\?xml[^>]*\?>/, ''), 'gbk');
    expect((await readResponse(noDecl, 'text/xml; charset=GBK')).head.message).toBe('成功');
    expect(await pageError(noDecl, 'text/xml; charset=UTF-8')).toBe('UNDECODABLE_BODY');
  });

  it('reads a UTF-8 body declared GBK with CHARSET_MISLABELLED, and GB18030 four-byte characters', async () => {
    const res = await readResponse(sample('dirty-jc-utf8-declared-gbk.xml'), 'text/xml; charset=GBK');
    expect(res.warnings.map((w) => w.code)).toEqual(['CHARSET_MISLABELLED']);
    expect(recordFields(recordNodes(res.body)[0]).SellerName).toBe('王志刚');
    const bullet = iconv.encode(wrap('<Records><Record><PlateNo>甘A•D7835</PlateNo></Record></Records>'), 'gb18030');
    const [r] = recordNodes((await readResponse(bullet, 'text/xml; charset=GBK')).body).map(recordFields);
    expect(r!.PlateNo).toBe('甘A•D7835');
  });

  it('a response without Head, with another root, HTML or JSON is UNEXPECTED_RESPONSE', async () => {
    expect(await pageError(iconv.encode('<?xml version="1.0" encoding="GBK"?><Response><Body/></Response>', 'gbk'))).toBe(
      'UNEXPECTED_RESPONSE',
    );
    expect(await pageError(iconv.encode('<Response><Head><Message>x</Message></Head></Response>', 'gbk'))).toBe('UNEXPECTED_RESPONSE');
    expect(await pageError(Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>'), 'text/html')).toBe('UNEXPECTED_RESPONSE');
    expect(await pageError(Buffer.from('<!DOCTYPE html><html><body><br></body></html>'), 'text/html')).toBe('UNEXPECTED_RESPONSE');
    expect(await pageError(Buffer.from('{"code":"0000"}'), 'application/json')).toBe('UNEXPECTED_RESPONSE');
  });

  it('a body cut at any byte is MALFORMED_BODY', async () => {
    const full = sample('jy-response.xml');
    const end = full.lastIndexOf('</Response>');
    const codes = new Set<string>();
    for (let cut = 1; cut <= end + 5; cut++) codes.add(await pageError(full.subarray(0, cut)));
    expect([...codes]).toEqual(['MALFORMED_BODY']);
    expect(await pageError(sample('dirty-jy-truncated.xml'))).toBe('MALFORMED_BODY');
  });

  it('rejects a syntax error inside the document as MALFORMED_BODY', async () => {
    expect(await pageError(iconv.encode(wrap('<Records><Record><A>1</B></Record></Records>'), 'gbk'))).toBe('MALFORMED_BODY');
  });
});

describe('Record elements as received (§5.11)', () => {
  it('slices each <Record> element from the decoded text, CDATA included', async () => {
    const xml = wrap('<Records><Record><A><![CDATA[</Record> inside]]></A></Record><Record/><Record id="x"><B>2</B></Record></Records>');
    const res = await parseResponseText(xml);
    const nodes = recordNodes(res.body);
    expect(sliceRecordElements(xml, nodes.length)).toEqual([
      '<Record><A><![CDATA[</Record> inside]]></A></Record>',
      '<Record/>',
      '<Record id="x"><B>2</B></Record>',
    ]);
    expect(sliceRecordElements(xml, 2)).toBeNull();
  });

  it('rebuilds a Record element when slicing is impossible', async () => {
    const res = await parseResponseText(wrap('<Records><Record><A>1</A><T><TraceCode>9</TraceCode></T></Record></Records>'));
    expect(buildRecordText(recordNodes(res.body)[0])).toBe('<Record><A>1</A><T><TraceCode>9</TraceCode></T></Record>');
  });
});

describe('large bodies', () => {
  it('are parsed in chunks, letting other work run between them', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `<Record><TraceCode>${i}</TraceCode><Name>第${i}号</Name></Record>`).join('');
    const text = wrap(`<Records>${many}</Records>`);
    expect(text.length).toBeGreaterThan(3 * XML_CHUNK_CHARS);
    let parsed = false;
    const parsing = parseResponseText(text).then((r) => {
      parsed = true;
      return r;
    });
    const parsedAtNextTurn = await new Promise<boolean>((resolve) => setImmediate(() => resolve(parsed)));
    expect(parsedAtNextTurn).toBe(false);
    expect(recordNodes((await parsing).body)).toHaveLength(5000);
  });

  it('a syntax error in a later chunk is still a MALFORMED_BODY', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `<Record><TraceCode>${i}</TraceCode></Record>`).join('');
    await expect(parseResponseText(wrap(`<Records>${many}<Record></Records>`))).rejects.toMatchObject({ code: 'MALFORMED_BODY' });
  });
});
