import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/openapi/document';

/** Redocly's recommended ruleset, as `redocly lint` applies it to /api/openapi.json. */
async function redoclyLint(doc: unknown): Promise<string[]> {
  const { createConfig, lintFromString } = await import('@redocly/openapi-core');
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: '/api/openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? ''})`);
}

describe('the OpenAPI document under redocly lint (recommended rules)', () => {
  it('reports neither errors nor warnings', async () => {
    expect(await redoclyLint(buildOpenApiDocument('0.1.0'))).toEqual([]);
  });

  it('the linter is live: a document without servers, license and 4xx answers is reported', async () => {
    const doc = buildOpenApiDocument('0.1.0') as Record<string, any>;
    const health = { get: { ...doc.paths['/health'].get, responses: { 200: doc.paths['/health'].get.responses['200'] } } };
    const broken = { ...doc, servers: [], info: { ...doc.info, license: undefined }, paths: { ...doc.paths, '/health': health } };
    const rules = new Set((await redoclyLint(JSON.parse(JSON.stringify(broken)))).map((p) => p.split(':')[0]));
    expect(rules).toEqual(new Set(['error no-empty-servers', 'warn info-license', 'warn operation-4xx-response']));
  });
});

describe('list endpoints are bounded', () => {
  /** Lists bounded by what they hold rather than by a page size: interfaces, kinds, the status ring buffer, alerts of 24 h (LIMIT 500), reconciliations of at most 90 days, tokens (LIMIT 1000), the adapters an admin declared. */
  const BOUNDED_BY_NATURE = new Set([
    'listInterfaces',
    'listAdapterKinds',
    'getStatusHistory',
    'listAlerts',
    'listReconciliations',
    'listTokens',
    'listAdapters',
  ]);

  it('every list has a maximum page size, or is one of the few bounded by what it holds', () => {
    const doc = buildOpenApiDocument('0.1.0') as any;
    for (const item of Object.values<any>(doc.paths)) {
      for (const op of Object.values<any>(item)) {
        const schema = op.responses['200']?.content?.['application/json']?.schema;
        const isList = schema?.type === 'array' || /Page$/.test(schema?.$ref ?? '');
        if (!isList) continue;
        const limit = (op.parameters ?? []).find((p: any) => p.name === 'limit');
        if (limit) expect(limit.schema.maximum, op.operationId).toBeLessThanOrEqual(500);
        else expect(BOUNDED_BY_NATURE.has(op.operationId), `${op.operationId} has no page size`).toBe(true);
      }
    }
  });
});
