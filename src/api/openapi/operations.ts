import { noticeOperations } from './notice-operations';
import type { OperationSpec, Parameter } from './operation-spec';
import { publicTraceOperations } from './public-trace-operations';
import { interfaceName, nationalStates, quarantineStages } from './schemas';

const q = (name: string, schema: Record<string, unknown>, description?: string): Parameter => ({ name, in: 'query', schema, description });
const p = (name: string, schema: Record<string, unknown>, description?: string): Parameter => ({ name, in: 'path', required: true, schema, description });

const id = p('id', { type: 'integer', minimum: 1 });
const adapterId = p('id', { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }, 'adapter id');
const limit = (max: number, dflt: number) => q('limit', { type: 'integer', minimum: 1, maximum: max, default: dflt }, `page size (≤ ${max})`);
const cursor = q('cursor', { type: 'string', pattern: '^\\d{1,19}$' }, 'opaque keyset cursor: `nextCursor` of the previous page');
const timestamp = { type: 'string', format: 'date-time' };
const quarantineFilters: Parameter[] = [
  q('adapterId', { type: 'string', maxLength: 64 }),
  q('interface', interfaceName),
  q('stream', { type: 'string', maxLength: 64 }),
  q('reason', { type: 'string', maxLength: 64 }, 'reason or error code (UNKNOWN_CODE, E4003, …)'),
  q('stage', { enum: [...quarantineStages] }),
  q('since', timestamp, 'created at or after'),
  q('until', timestamp, 'created before'),
];

export const operations: readonly OperationSpec[] = [
  { operationId: 'health', method: 'get', path: '/health', access: 'public', tag: 'health', summary: 'Liveness: the process answers and its database has not been unreachable too long', responses: { 200: 'Health', 503: 'Health' } },
  { operationId: 'ready', method: 'get', path: '/ready', access: 'public', tag: 'health', summary: 'Readiness: database, job queue and national platform, each ok or down (checked at most every 5 s)', responses: { 200: 'Readiness', 503: 'Readiness' } },
  {
    operationId: 'metrics', method: 'get', path: '/metrics', access: 'public', tag: 'health', summary: 'Prometheus metrics (text exposition format), computed at most once per 15 s',
    description: 'With METRICS_TOKEN set, needs `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); with METRICS_PORT set, served on that port only (404 here).',
    responses: { 200: { contentType: 'text/plain', description: 'Prometheus text format 0.0.4' }, 401: 'Error', 404: 'Error' },
  },
  { operationId: 'openapi', method: 'get', path: '/api/openapi.json', access: 'public', tag: 'health', summary: 'This document', responses: { 200: { contentType: 'application/json', description: 'OpenAPI 3.1 document' } } },
  { operationId: 'whoami', method: 'get', path: '/api/whoami', access: 'viewer', tag: 'access', summary: 'The caller of this token (name and role)', responses: { 200: 'Caller' } },

  { operationId: 'getStatus', method: 'get', path: '/api/status', access: 'viewer', tag: 'status', summary: 'Adapters, interfaces and the national platform in one document', responses: { 200: 'Status' } },
  {
    operationId: 'getStatusHistory', method: 'get', path: '/api/status/history', access: 'viewer', tag: 'status',
    summary: 'Recent samples of backlog and throughput kept by this process (a ring buffer, lost at restart)',
    responses: { 200: 'StatusSample[]' },
  },
  { operationId: 'listInterfaces', method: 'get', path: '/api/interfaces', access: 'viewer', tag: 'status', summary: 'Per interface: pending, in flight, delivered, quarantined, oldest pending age, throughput', responses: { 200: 'InterfaceStatus[]' } },
  { operationId: 'getNational', method: 'get', path: '/api/national', access: 'viewer', tag: 'status', summary: 'National platform: reachable, last error, pause state, code-list versions', responses: { 200: 'NationalStatus' } },
  {
    operationId: 'resumeNational', method: 'post', path: '/api/national/resume', access: 'operator', tag: 'status',
    summary: 'Lift a delivery pause set by E2001/E2004 (after the credential was fixed)', responses: { 200: 'NationalStatus' },
  },
  {
    operationId: 'listReconciliations', method: 'get', path: '/api/reconciliations', access: 'viewer', tag: 'status',
    summary: 'Accepted counts per interface and Beijing date, the gateway against the platform (GET /stats)',
    parameters: [q('days', { type: 'integer', minimum: 1, maximum: 90, default: 7 }, 'how many days back')], responses: { 200: 'Reconciliation[]' },
  },
  {
    operationId: 'listBatches', method: 'get', path: '/api/batches', access: 'viewer', tag: 'status',
    summary: 'Batches not yet delivered (queued, sending, failing, blocked), oldest first',
    parameters: [q('state', { enum: ['queued', 'sending', 'failing', 'blocked'] }), limit(500, 100)], responses: { 200: 'Batch[]' },
  },
  {
    operationId: 'retryBatch', method: 'post', path: '/api/batches/{batchId}/retry', access: 'operator', tag: 'status',
    summary: 'Send a blocked or failing batch again now (same batchId, same records)',
    parameters: [p('batchId', { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' })], responses: { 200: 'Batch', 404: 'Error', 409: 'Error' },
  },
  { operationId: 'listAlerts', method: 'get', path: '/api/alerts', access: 'viewer', tag: 'status', summary: 'Open incidents and those resolved in the last 24 hours', responses: { 200: 'Incident[]' } },

  { operationId: 'listAdapters', method: 'get', path: '/api/adapters', access: 'viewer', tag: 'adapters', summary: 'Every adapter instance with its state, schedule, last pull, cursor, lag and counts', responses: { 200: 'AdapterStatus[]' } },
  { operationId: 'getAdapter', method: 'get', path: '/api/adapters/{id}', access: 'viewer', tag: 'adapters', summary: 'One adapter: status and declaration (credentials are references)', parameters: [adapterId], responses: { 200: 'AdapterStatus', 404: 'Error' } },
  { operationId: 'listAdapterKinds', method: 'get', path: '/api/adapter-kinds', access: 'viewer', tag: 'adapters', summary: 'Adapter kinds with their streams, credential fields and options schema', responses: { 200: 'AdapterKind[]' } },
  {
    operationId: 'registerAdapter', method: 'post', path: '/api/adapters', access: 'admin', tag: 'adapters',
    summary: 'Register an adapter instance (validated against its kind; credentials by reference only)', body: 'AdapterDeclaration',
    responses: { 201: 'AdapterRegistration', 400: 'Error', 409: 'Error' },
  },
  {
    operationId: 'updateAdapter', method: 'put', path: '/api/adapters/{id}', access: 'admin', tag: 'adapters', summary: 'Replace the declaration of an API-registered adapter',
    parameters: [adapterId], body: 'AdapterDeclaration', responses: { 200: 'AdapterRegistration', 400: 'Error', 404: 'Error', 409: 'Error' },
  },
  { operationId: 'deleteAdapter', method: 'delete', path: '/api/adapters/{id}', access: 'admin', tag: 'adapters', summary: 'Remove an API-registered adapter (its stored records stay)', parameters: [adapterId], responses: { 200: 'AdapterRegistration', 404: 'Error', 409: 'Error' } },
  { operationId: 'enableAdapter', method: 'post', path: '/api/adapters/{id}/enable', access: 'admin', tag: 'adapters', summary: 'Enable an adapter (schedule and pulls resume)', parameters: [adapterId], responses: { 200: 'AdapterRegistration', 404: 'Error' } },
  { operationId: 'disableAdapter', method: 'post', path: '/api/adapters/{id}/disable', access: 'admin', tag: 'adapters', summary: 'Disable an adapter (no schedule, no pulls)', parameters: [adapterId], responses: { 200: 'AdapterRegistration', 404: 'Error' } },
  { operationId: 'testAdapter', method: 'post', path: '/api/adapters/{id}/test', access: 'operator', tag: 'adapters', summary: 'Test connection: authenticate and reach the source, read no records', parameters: [adapterId], responses: { 200: 'CheckResult', 404: 'Error' } },
  { operationId: 'pullAdapter', method: 'post', path: '/api/adapters/{id}/pull', access: 'operator', tag: 'adapters', summary: 'Enqueue a pull now', parameters: [adapterId], responses: { 202: 'JobQueued', 404: 'Error', 409: 'Error' } },
  {
    operationId: 'backfillAdapter', method: 'post', path: '/api/adapters/{id}/backfill', access: 'operator', tag: 'adapters',
    summary: 'Re-pull a window of one stream (or all) without moving the live cursor', parameters: [adapterId], body: 'BackfillRequest',
    responses: { 202: 'JobQueued', 400: 'Error', 404: 'Error' },
  },

  {
    operationId: 'listRecords', method: 'get', path: '/api/records', access: 'viewer', tag: 'records', summary: 'National record versions, newest first, in keyset pages',
    parameters: [
      q('interface', interfaceName), q('state', { enum: [...nationalStates] }), q('recordId', { type: 'string', minLength: 1, maxLength: 200 }),
      q('adapterId', { type: 'string', maxLength: 64 }), q('traceCode', { type: 'string', pattern: '^\\d{20}$' }), cursor, limit(500, 50),
    ],
    responses: { 200: 'RecordPage' },
  },
  {
    operationId: 'getLineage', method: 'get', path: '/api/lineage', access: 'viewer', tag: 'records',
    summary: 'Source payload (masked) → every national version with its body → batch → receipt, and quarantine errors',
    description: 'Exactly one selector: `recordId`, `sourceKey` with `adapterId`, `traceCode` or `batchId`.',
    parameters: [
      q('recordId', { type: 'string', minLength: 1, maxLength: 200 }), q('sourceKey', { type: 'string', minLength: 1, maxLength: 200 }), q('adapterId', { type: 'string', maxLength: 64 }),
      q('traceCode', { type: 'string', pattern: '^\\d{20}$' }), q('batchId', { type: 'string', minLength: 1, maxLength: 100 }), limit(100, 20),
    ],
    responses: { 200: 'Lineage', 400: 'Error', 404: 'Error' },
  },
  {
    operationId: 'traceChain', method: 'get', path: '/api/trace/{traceCode}', access: 'viewer', tag: 'records',
    summary: 'What the gateway holds upstream and downstream of a trace code, a bounded number of hops',
    parameters: [p('traceCode', { type: 'string', pattern: '^\\d{20}$' }), q('maxHops', { type: 'integer', minimum: 0, maximum: 6, default: 3 })],
    responses: { 200: 'TraceChain' },
  },

  {
    operationId: 'listQuarantine', method: 'get', path: '/api/quarantine', access: 'viewer', tag: 'quarantine', summary: 'Open quarantine entries, oldest first, in keyset pages',
    parameters: [...quarantineFilters, cursor, limit(500, 50)], responses: { 200: 'QuarantinePage' },
  },
  { operationId: 'quarantineSummary', method: 'get', path: '/api/quarantine/summary', access: 'viewer', tag: 'quarantine', summary: 'Open entries counted by reason, adapter, interface and stage', parameters: quarantineFilters, responses: { 200: 'QuarantineSummary' } },
  { operationId: 'getQuarantineEntry', method: 'get', path: '/api/quarantine/{id}', access: 'viewer', tag: 'quarantine', summary: 'One entry with its source payload (resident IDs masked)', parameters: [id], responses: { 200: 'QuarantineEntry', 404: 'Error' } },
  {
    operationId: 'editQuarantinedRecord', method: 'put', path: '/api/quarantine/{id}/record', access: 'operator', tag: 'quarantine',
    summary: "Store the operator's corrected source payload as a new revision of the record and replay it", parameters: [id], body: 'RecordEdit',
    responses: { 200: 'ReplayResult', 404: 'Error', 409: 'Error' },
  },
  {
    operationId: 'replayQuarantine', method: 'post', path: '/api/quarantine/replay', access: 'operator', tag: 'quarantine',
    summary: 'Re-map open entries by ids (at once) or by filter (as a job), then batch what now passes',
    description: '`ids` (at most 1000) are replayed in the request: 200 with the result. `filter` (every open entry matching) starts a job: 202 with its id; follow it at `progressUrl`.',
    body: 'ReplayRequest', responses: { 200: 'ReplayResult', 202: 'ReplayJob' },
  },
  {
    operationId: 'getReplayJob', method: 'get', path: '/api/replays/{id}', access: 'viewer', tag: 'quarantine',
    summary: 'A replay job: state (queued, running, done, failed), entries processed of the total, and the result', parameters: [id], responses: { 200: 'ReplayJob', 404: 'Error' },
  },

  {
    operationId: 'listEvents', method: 'get', path: '/api/events', access: 'viewer', tag: 'audit', summary: 'Audit trail, newest first, in keyset pages',
    parameters: [q('actor', { type: 'string', maxLength: 64 }), q('action', { type: 'string', maxLength: 64 }), q('subject', { type: 'string', maxLength: 200 }), q('since', timestamp), cursor, limit(500, 50)],
    responses: { 200: 'EventPage' },
  },

  { operationId: 'listTokens', method: 'get', path: '/api/tokens', access: 'admin', tag: 'access', summary: 'API tokens (never the token values)', parameters: [q('includeRevoked', { type: 'boolean', default: false })], responses: { 200: 'Token[]' } },
  { operationId: 'createToken', method: 'post', path: '/api/tokens', access: 'admin', tag: 'access', summary: 'Create a token, optionally with an expiry; its value is in this response only', body: 'NewToken', responses: { 201: 'CreatedToken', 409: 'Error' } },
  { operationId: 'revokeToken', method: 'delete', path: '/api/tokens/{id}', access: 'admin', tag: 'access', summary: 'Revoke a token (the last admin token cannot be revoked)', parameters: [id], responses: { 200: 'Token', 404: 'Error', 409: 'Error' } },

  ...publicTraceOperations,
  ...noticeOperations,
];
