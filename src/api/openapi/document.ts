import type { Access } from '../../auth/roles';
import type { OperationSpec } from './operation-spec';
import { operations } from './operations';
import { componentSchemas } from './schemas';

const ACCESS_TEXT: Record<Access, string> = {
  public: 'No token needed.',
  viewer: 'Role viewer or higher.',
  operator: 'Role operator or admin.',
  admin: 'Role admin.',
};

function responseOf(value: OperationSpec['responses'][number]): Record<string, unknown> {
  if (typeof value !== 'string') return { description: value.description, content: { [value.contentType]: {} } };
  const isArray = value.endsWith('[]');
  const name = isArray ? value.slice(0, -2) : value;
  const schema = isArray ? { type: 'array', items: { $ref: `#/components/schemas/${name}` } } : { $ref: `#/components/schemas/${name}` };
  return { description: isArray ? `list of ${name}` : name, content: { 'application/json': { schema } } };
}

function operationObject(op: OperationSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, value] of Object.entries(op.responses)) responses[status] = responseOf(value);
  if (op.access !== 'public') {
    responses['401'] ??= {
      description: 'no token, or an unknown or revoked token',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    if (op.access !== 'viewer')
      responses['403'] ??= {
        description: 'the token role is too low',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
  }
  // Every route is behind the per-address and per-token rate limits.
  responses['429'] ??= {
    description: 'too many requests from this address or token; `Retry-After` gives the seconds to wait',
    headers: { 'Retry-After': { description: 'seconds until a request is accepted again', schema: { type: 'integer', minimum: 0 } } },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  if (op.parameters?.length || op.body)
    responses['400'] ??= {
      description: 'the request does not match this document',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, ACCESS_TEXT[op.access]].filter(Boolean).join('\n\n'),
    'x-access': op.access,
    ...(op.access === 'public' ? { security: [] } : {}),
    ...(op.parameters?.length ? { parameters: op.parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}` } } } } }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 description of the status API, built from the same operation list the router uses. */
export function buildOpenApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'trace-gateway status API',
      version,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'Operator surfaces of the gateway: status, records and lineage, quarantine and replay, adapter registration, tokens. ' +
        'Bearer tokens carry a role: viewer reads; operator replays, edits quarantined records, triggers pulls and backfills and resumes delivery; admin registers adapters and manages tokens. ' +
        'Every request is validated against this document. ' +
        'The public trace surface (tag public: /t/{traceCode}, its QR code, /public/v1/trace/{traceCode}) needs no token and is rate limited per client address.',
    },
    // Relative: the API is served by the gateway that serves this document, wherever it listens.
    servers: [{ url: '/', description: 'this gateway' }],
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      schemas: componentSchemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (tgw_…).' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
