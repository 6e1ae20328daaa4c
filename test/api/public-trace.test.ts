import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrSvg } from '../../src/public-trace/qr';
import type { TestGateway } from './support/test-gateway';
import {
  AMOUNT,
  BATCH,
  CARRIER,
  COOPERATIVE,
  FARMER_ID,
  FARMER_PHONE,
  MARKET,
  MARKET_PHONE,
  TICKET,
  UNDELIVERED,
  UNIT_PRICE,
  UNKNOWN,
  VENDOR,
  startSeededGateway,
  storeNoticeOnBatch,
} from '../public-trace/support/seed';

/** Every request of a test comes from its own client address (the gateway trusts one proxy hop here). */
let addressSeq = 0;
const from = () => `198.51.100.${++addressSeq}`;

/** What must never reach the public: identifiers, phones, prices, internal ids. */
function expectNothingPrivate(text: string): void {
  for (const secret of [
    FARMER_ID,
    FARMER_PHONE,
    MARKET_PHONE,
    COOPERATIVE,
    MARKET,
    VENDOR,
    CARRIER,
    String(UNIT_PRICE),
    String(AMOUNT),
    'fx:',
    'fx-national',
    '张三丰',
    '王建国',
    '13700001111',
  ]) {
    expect(text, secret).not.toContain(secret);
  }
  expect(text).not.toMatch(/"(recordId|adapterId|batchId|id|version|unitPrice|amount|quantity|subjectCode|contactPhone|state)"\s*:/);
}

describe('public trace API and page', () => {
  let g: TestGateway;
  let api: ReturnType<typeof request>;

  beforeAll(async () => {
    ({ g } = await startSeededGateway({
      PUBLIC_TRACE_CACHE_SECONDS: '0',
      PUBLIC_TRACE_RATE_LIMIT: '20',
      PUBLIC_TRACE_TRUST_PROXY_HOPS: '1',
      PUBLIC_BASE_URL: 'https://trace.example.gov.cn/',
    }));
    api = request(g.gw.url);
  }, 120_000);
  afterAll(async () => {
    await g?.stop();
  });

  it('answers a ticket code without a token: product, origin, producer (a person, masked), market, certificate, test and the steps upstream', async () => {
    const r = await api.get(`/public/v1/trace/${TICKET}`).set('X-Forwarded-For', from());
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=0');
    const t = r.body;
    expect(t).toMatchObject({
      traceCode: TICKET,
      url: `https://trace.example.gov.cn/t/${TICKET}`,
      found: true,
      link: { code: '05', label: '农贸市场' },
      product: { category: { code: 'VEG_LEAFY', label: '叶菜类蔬菜' }, name: '菠菜' },
      origin: { code: '620123', province: '甘肃省' },
      producer: { role: 'producer', name: '张**' },
      market: { role: 'market', name: '兰州大青山农贸市场' },
      certificate: {
        certificateNo: 'HGZ-2026-0001',
        issuedOn: '2026-01-05',
        basis: { code: 'SELF_TEST', label: '自检合格' },
        issuer: { name: '张**' },
      },
      test: {
        conclusion: { code: 'PASS', label: '合格' },
        method: { code: 'RAPID' },
        agency: '榆中县农产品质量安全检测站',
        testedAt: '2026-01-05T09:00:00+08:00',
      },
      warnings: [],
      truncated: false,
    });
    expect(t.certificate.commitments.map((c: { code: string }) => c.code)).toEqual(['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES']);
    expect(t.steps.map((s: { kind: string; traceCode: string; date: string }) => [s.kind, s.traceCode, s.date])).toEqual([
      ['production', BATCH, '2026-01-05'],
      ['certificate', BATCH, '2026-01-05'],
      ['inspection', BATCH, '2026-01-05T09:00:00+08:00'],
      ['transport', BATCH, '2026-01-06T03:00:00+08:00'],
      ['entry', BATCH, '2026-01-06T05:30:00+08:00'],
      ['sale', TICKET, '2026-01-06T08:15:00+08:00'],
    ]);
    const sale = t.steps.find((s: { kind: string }) => s.kind === 'sale');
    expect(sale.parties).toEqual([
      { role: 'market', roleLabel: '市场', name: '兰州大青山农贸市场' },
      { role: 'seller', roleLabel: '销售方', name: '李*' },
    ]);
    expect(sale.region).toEqual({ code: '620123', province: '甘肃省' });
    expectNothingPrivate(r.text);
  });

  it('matches its OpenAPI schema, whose objects are closed', async () => {
    const doc = (await api.get('/api/openapi.json')).body;
    const op = doc.paths['/public/v1/trace/{traceCode}'].get;
    expect(op.security).toEqual([]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '404', '429']));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const validate = ajv.compile({ $ref: 'doc#/components/schemas/PublicTrace' });
    for (const code of [TICKET, BATCH]) {
      const body = (await api.get(`/public/v1/trace/${code}`).set('X-Forwarded-For', from())).body;
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...body, unitPrice: 1 })).toBe(false);
    }
    expect(doc.paths['/t/{traceCode}'].get.responses['200'].content['text/html']).toBeDefined();
    expect(doc.paths['/t/{traceCode}/qr.svg'].get.responses['200'].content['image/svg+xml']).toBeDefined();
  });

  it('a batch code shows the transport that carried it and the sale downstream', async () => {
    const t = (await api.get(`/public/v1/trace/${BATCH}`).set('X-Forwarded-For', from())).body;
    expect(t.link).toEqual({ code: '01', label: '种植' });
    const transport = t.steps.find((s: { kind: string }) => s.kind === 'transport');
    expect(transport).toMatchObject({
      traceCode: BATCH,
      date: '2026-01-06T03:00:00+08:00',
      parties: [{ role: 'carrier', name: '陇原冷链物流有限公司' }],
    });
    expect(t.steps.some((s: { kind: string; traceCode: string }) => s.kind === 'sale' && s.traceCode === TICKET)).toBe(true);
  });

  it('shows only what the platform accepted: a version still waiting is not shown, a code with nothing accepted is unknown', async () => {
    const t = (await api.get(`/public/v1/trace/${BATCH}`).set('X-Forwarded-For', from())).body;
    expect(t.product.name).toBe('菠菜');
    expect(JSON.stringify(t)).not.toContain('待接收');
    const undelivered = await api.get(`/public/v1/trace/${UNDELIVERED}`).set('X-Forwarded-For', from());
    expect(undelivered.status).toBe(404);
  });

  it('404 for an unknown code and for malformed ones, as JSON and as a friendly page', async () => {
    const unknown = await api.get(`/public/v1/trace/${UNKNOWN}`).set('X-Forwarded-For', from());
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TG_NOT_FOUND');
    const wrongCheck = TICKET.slice(0, 19) + String((Number(TICKET[19]) + 1) % 10);
    for (const bad of [wrongCheck, '123', 'abc', `${TICKET}0`, '00000000000000000000', "1'; DROP TABLE x;--"]) {
      const json = await api.get(`/public/v1/trace/${encodeURIComponent(bad)}`).set('X-Forwarded-For', from());
      expect(json.status, bad).toBe(404);
      expect(json.body.code, bad).toBe('TG_NOT_FOUND');
      const page = await api.get(`/t/${encodeURIComponent(bad)}`).set('X-Forwarded-For', from());
      expect(page.status, bad).toBe(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('没有找到该追溯码的记录');
    }
    const qr = await api.get(`/t/${wrongCheck}/qr.svg`).set('X-Forwarded-For', from());
    expect(qr.status).toBe(404);
  });

  it('warns while an open notice names the code or the goods it came from, and not once the notice is withdrawn', async () => {
    const noticeId = await storeNoticeOnBatch(g);
    for (const code of [BATCH, TICKET]) {
      const t = (await api.get(`/public/v1/trace/${code}`).set('X-Forwarded-For', from())).body;
      expect(t.warnings).toEqual([
        {
          noticeId,
          revision: 1,
          kind: 'PROBLEM_PRODUCT',
          kindLabel: '问题产品通报',
          severity: 'HIGH',
          severityLabel: '高',
          hazard: '毒死蜱残留超标，请联系 137****1111 核实',
          issuedAt: '2026-01-07T10:00:00+08:00',
          actionsRequired: [
            { code: 'TRACE', label: '追溯排查' },
            { code: 'OFF_SHELF', label: '下架' },
          ],
          traceCodes: [BATCH],
        },
      ]);
      const page = await api.get(`/t/${code}`).set('X-Forwarded-For', from());
      expect(page.text).toContain('data-test="warning"');
      expect(page.text).toContain('毒死蜱残留超标');
    }
    await storeNoticeOnBatch(g, { noticeId, withdraw: true });
    expect((await api.get(`/public/v1/trace/${TICKET}`).set('X-Forwarded-For', from())).body.warnings).toEqual([]);
  });

  it('serves the page without script, with a strict policy, and a QR code of the public address', async () => {
    const page = await api.get(`/t/${TICKET}`).set('X-Forwarded-For', from());
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).not.toContain('script-src');
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.text).toContain('张**');
    expect(page.text).toContain(`<img src="/t/${TICKET}/qr.svg"`);
    expectNothingPrivate(page.text);
    // Links shared in messaging apps come back with parameters of their own.
    expect((await api.get(`/t/${TICKET}?from=singlemessage&isappinstalled=0`).set('X-Forwarded-For', from())).status).toBe(200);
    expect((await api.get(`/public/v1/trace/${TICKET}?from=timeline`).set('X-Forwarded-For', from())).status).toBe(200);
    const qr = await api.get(`/t/${TICKET}/qr.svg`).set('X-Forwarded-For', from());
    expect(qr.status).toBe(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    // The same drawing as the library makes of the public address: the QR code encodes exactly that URL.
    expect(String(qr.body)).toBe(await qrSvg(`https://trace.example.gov.cn/t/${TICKET}`));
    expect(String(qr.body)).toMatch(/^<svg[^>]+viewBox=/);
  });

  it('limits each client address: 429 with Retry-After past the limit, other addresses unaffected', async () => {
    const client = from();
    for (let i = 0; i < 20; i++) expect((await api.get(`/public/v1/trace/${TICKET}`).set('X-Forwarded-For', client)).status).toBe(200);
    const json = await api.get(`/public/v1/trace/${TICKET}`).set('X-Forwarded-For', client);
    expect(json.status).toBe(429);
    expect(json.body.code).toBe('TG_RATE_LIMITED');
    expect(Number(json.headers['retry-after'])).toBeGreaterThan(0);
    const page = await api.get(`/t/${TICKET}`).set('X-Forwarded-For', client);
    expect(page.status).toBe(429);
    expect(page.text).toContain('请求过于频繁');
    expect((await api.get(`/t/${TICKET}`).set('X-Forwarded-For', from())).status).toBe(200);
    // The operator API is not limited by it.
    expect((await api.get('/api/whoami').set('X-Forwarded-For', client).set('Authorization', `Bearer ${g.tokens.viewer}`)).status).toBe(
      200,
    );
  });

  it('counts answers in the metrics', async () => {
    const text = (await api.get('/metrics')).text;
    expect(text).toMatch(/tg_public_trace_requests_total\{outcome="found"\} [1-9]/);
    expect(text).toMatch(/tg_public_trace_requests_total\{outcome="rate_limited"\} [1-9]/);
    expect(text).toMatch(/tg_public_trace_requests_total\{outcome="malformed"\} [1-9]/);
  });
});
