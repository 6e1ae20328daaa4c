import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_CREDIT_CODE } from './support/fixture-source';
import { startTestGateway, type TestGateway } from './support/test-gateway';

describe('the OpenAPI document and request validation', () => {
  let g: TestGateway;
  let doc: any;
  let ajv: Ajv2020;

  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter();
    g.source.rows.push(
      { id: 'a', name: '甲', code: VALID_CREDIT_CODE, kind: '企业', gx: '1' },
      { id: 'b', name: '乙', code: VALID_CREDIT_CODE, kind: '??', gx: '2' },
    );
    await g.gw.pullNow('fx-people');
    doc = (await g.call('GET', '/api/openapi.json')).body;
    ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
    addFormats(ajv);
    ajv.addKeyword('x-access');
    ajv.addKeyword('components');
    ajv.addSchema({ $id: 'doc', components: doc.components }, undefined, undefined, false);
  });
  afterAll(async () => {
    await g?.stop();
  });

  it('is an OpenAPI 3.1 document whose schemas all compile and whose references all resolve', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ids = new Set<string>();
    for (const item of Object.values<any>(doc.paths)) {
      for (const op of Object.values<any>(item)) {
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      }
    }
    for (const name of Object.keys(doc.components.schemas))
      expect(
        () => ajv.getSchema(`doc#/components/schemas/${name}`) ?? ajv.compile({ $ref: `doc#/components/schemas/${name}` }),
        name,
      ).not.toThrow();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas[ref.split('/').pop()!.replace('"', '')], ref).toBeDefined();
  });

  it('answers as it documents: bodies of the main reads match their response schemas', async () => {
    for (const [path, opPath] of [
      ['/api/status', '/api/status'],
      ['/api/adapters', '/api/adapters'],
      ['/api/interfaces', '/api/interfaces'],
      ['/api/national', '/api/national'],
      ['/api/quarantine', '/api/quarantine'],
      ['/api/quarantine/summary', '/api/quarantine/summary'],
      ['/api/records?limit=5', '/api/records'],
      ['/api/events', '/api/events'],
      ['/api/tokens', '/api/tokens'],
      ['/api/adapter-kinds', '/api/adapter-kinds'],
      ['/api/whoami', '/api/whoami'],
      ['/api/alerts', '/api/alerts'],
      ['/api/status/history', '/api/status/history'],
    ] as const) {
      const r = await g.call('GET', path, { token: g.tokens.admin });
      expect(r.status, path).toBe(200);
      const schema = doc.paths[opPath].get.responses['200'].content['application/json'].schema;
      const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components')));
      expect(validate(r.body), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('refuses parameters and bodies that break the document, naming the place and never the value', async () => {
    const bad = await g.call('GET', '/api/records?limit=abc&interface=people', { token: g.tokens.viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('TG_REQUEST_INVALID');
    expect(bad.body.details.map((d: any) => `${d.where} ${d.path}`).sort()).toEqual(['query /interface', 'query /limit']);
    expect((await g.call('GET', '/api/events?colour=blue', { token: g.tokens.viewer })).body.message).toContain('"colour"');
    expect((await g.call('GET', '/api/quarantine/abc', { token: g.tokens.viewer })).status).toBe(400);
    expect((await g.call('GET', '/api/trace/123', { token: g.tokens.viewer })).status).toBe(400);

    const secret = 'do-not-echo-this-value';
    const body = await g.call('POST', '/api/tokens', { token: g.tokens.admin, body: { name: 'x', role: secret } });
    expect(body.status).toBe(400);
    expect(body.text).not.toContain(secret);

    const res = await fetch(`${g.gw.url}/api/quarantine/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${g.tokens.operator}`, 'content-type': 'application/json' },
      body: '{"ids": [1,',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('not valid JSON');
    const text = await fetch(`${g.gw.url}/api/quarantine/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${g.tokens.operator}`, 'content-type': 'text/plain' },
      body: 'ids=1',
    });
    expect(text.status).toBe(400);
    const huge = await fetch(`${g.gw.url}/api/quarantine/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${g.tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [1], pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });

  it('applies documented defaults', async () => {
    const r = await g.call('GET', '/api/records', { token: g.tokens.viewer });
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(50);
  });
});
