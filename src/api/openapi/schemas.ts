import { noticeSchemas } from './notice-schemas';
import { declarationSchema } from '../../adapters/declaration';
import { NATIONAL_INTERFACES } from '../../national/types';
import { publicTraceSchemas } from './public-trace-schemas';

const ts = { type: 'string', format: 'date-time' } as const;
const nullableTs = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const count = { type: 'integer', minimum: 0 } as const;
const health = {
  type: 'string',
  enum: ['green', 'amber', 'red', 'off'],
  description: 'Rule in docs/operations.md ("Health at a glance").',
} as const;

export const interfaceName = { type: 'string', enum: [...NATIONAL_INTERFACES] } as const;
export const nationalStates = ['pending', 'batched', 'accepted', 'duplicate', 'rejected', 'superseded'] as const;
export const quarantineStages = ['mapping', 'validation', 'platform'] as const;

/** Declaration fields as the API accepts them; credentials are checked by the handler, so an inline secret gets a clear refusal. */
const adapterDeclarationBody = {
  ...declarationSchema,
  properties: {
    ...declarationSchema.properties,
    credentials: {
      type: 'object',
      description:
        'Each value is a reference `env:TG_SOURCE_<NAME>` to an environment variable of the gateway process; other names and inline secrets are refused.',
      additionalProperties: { type: 'string', maxLength: 200 },
    },
  },
};

/** components.schemas of the OpenAPI document. */
export const componentSchemas = {
  Error: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', description: 'Stable TG_* code (src/errors.ts).' },
      message: { type: 'string' },
      requestId: { type: 'string' },
      details: {},
    },
  },
  Health: {
    type: 'object',
    required: ['status'],
    description: 'unhealthy once the database has been unreachable longer than health.databaseDownSeconds (docs/operations.md)',
    properties: {
      status: { enum: ['ok', 'unhealthy'] },
      database: {
        type: 'object',
        required: ['reachable', 'downSince', 'downSeconds', 'limitSeconds', 'error'],
        properties: {
          reachable: { type: 'boolean' },
          downSince: { type: ['string', 'null'], format: 'date-time' },
          downSeconds: { type: 'integer', minimum: 0 },
          limitSeconds: { type: 'integer', minimum: 1 },
          error: { type: ['string', 'null'] },
        },
      },
    },
  },
  Readiness: {
    type: 'object',
    required: ['status', 'checks', 'down'],
    description:
      'Ready when the database and the job queue answer; the national platform is reported as delivery last saw it and never makes the gateway unready. No error text is given.',
    properties: {
      status: { enum: ['ready', 'not ready'] },
      checks: {
        type: 'object',
        required: ['database', 'jobs', 'national'],
        properties: {
          database: { enum: ['ok', 'down'] },
          jobs: { enum: ['ok', 'down'] },
          national: { enum: ['ok', 'down', 'paused', 'unknown'] },
        },
      },
      down: { type: 'array', items: { type: 'string' }, description: 'the dependencies that are down' },
    },
  },
  Caller: {
    type: 'object',
    required: ['actor', 'tokenId', 'role'],
    properties: {
      actor: { type: 'string', description: 'the token name' },
      tokenId: { type: 'integer' },
      role: { enum: ['viewer', 'operator', 'admin'] },
    },
  },
  AdapterStatus: {
    type: 'object',
    required: ['id', 'kind', 'origin', 'enabled', 'state', 'health', 'counts'],
    properties: {
      id: { type: 'string' },
      kind: { type: 'string' },
      origin: { enum: ['config', 'demo', 'api'] },
      enabled: { type: 'boolean' },
      state: { enum: ['idle', 'pulling', 'failing', 'stopped'] },
      health,
      schedule: nullableString,
      sourceSystem: nullableString,
      nextPullAt: nullableTs,
      lastPull: { type: ['object', 'null'] },
      lastPullAt: nullableTs,
      lastSuccessAt: nullableTs,
      lastOutcome: nullableString,
      lastError: nullableString,
      lastErrorAt: nullableTs,
      consecutiveFailures: count,
      lagSeconds: { type: ['integer', 'null'] },
      cursors: { type: 'object' },
      counts: { type: 'object', additionalProperties: count },
    },
  },
  InterfaceStatus: {
    type: 'object',
    required: ['interface', 'pending', 'inFlight', 'delivered', 'quarantined', 'health'],
    properties: {
      interface: interfaceName,
      health,
      pending: count,
      inFlight: count,
      delivered: count,
      accepted: count,
      duplicate: count,
      rejected: count,
      quarantined: count,
      byState: { type: 'object', additionalProperties: count },
      oldestPendingAgeSeconds: { type: ['integer', 'null'] },
      deliveredPerMinute: { type: 'number' },
      failingBatches: count,
    },
  },
  NationalStatus: {
    type: 'object',
    required: ['baseUrl', 'paused', 'reachable', 'health', 'codeListVersions'],
    properties: {
      baseUrl: { type: 'string' },
      appKey: { type: 'string' },
      health,
      paused: { type: 'boolean' },
      pausedReason: nullableString,
      lastOkAt: nullableTs,
      lastError: nullableString,
      lastErrorAt: nullableTs,
      reachable: { type: 'boolean' },
      codeListVersions: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  Status: {
    type: 'object',
    required: ['time', 'adapters', 'interfaces', 'national'],
    properties: {
      time: ts,
      adapters: { type: 'array', items: { $ref: '#/components/schemas/AdapterStatus' } },
      interfaces: { type: 'array', items: { $ref: '#/components/schemas/InterfaceStatus' } },
      national: { $ref: '#/components/schemas/NationalStatus' },
    },
  },
  StatusSample: {
    type: 'object',
    required: ['time', 'interfaces'],
    properties: {
      time: ts,
      interfaces: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: { pending: count, inFlight: count, quarantined: count, delivered: count, deliveredPerMinute: { type: 'number' } },
        },
      },
    },
  },
  NationalRecord: {
    type: 'object',
    required: ['id', 'interface', 'recordId', 'version', 'state'],
    properties: {
      id: { type: 'integer' },
      interface: interfaceName,
      recordId: { type: 'string' },
      version: { type: 'integer' },
      state: { enum: [...nationalStates] },
      traceCode: nullableString,
      adapterId: { type: 'string' },
      batchId: nullableString,
      errors: {},
      createdAt: ts,
      deliveredAt: nullableTs,
    },
  },
  RecordPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/NationalRecord' } }, nextCursor: nullableString },
  },
  QuarantineEntry: {
    type: 'object',
    required: ['id', 'adapterId', 'stream', 'sourceKey', 'stage', 'reasons', 'errors', 'createdAt'],
    properties: {
      id: { type: 'integer' },
      adapterId: { type: 'string' },
      stream: { type: 'string' },
      sourceKey: { type: 'string' },
      sourceRecordId: { type: 'integer' },
      interface: nullableString,
      recordId: nullableString,
      stage: { enum: [...quarantineStages] },
      reasons: { type: 'array', items: { type: 'string' } },
      errors: { type: 'array' },
      createdAt: ts,
      resolvedAt: nullableTs,
      resolution: nullableString,
      payload: { description: 'Source payload as stored, resident ID numbers masked (single entry only).' },
    },
  },
  QuarantinePage: {
    type: 'object',
    required: ['items', 'nextCursor', 'total'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/QuarantineEntry' } },
      nextCursor: nullableString,
      total: count,
    },
  },
  QuarantineSummary: {
    type: 'object',
    required: ['total', 'groups'],
    properties: {
      total: count,
      groups: {
        type: 'array',
        items: {
          type: 'object',
          required: ['reason', 'adapterId', 'stage', 'n'],
          properties: {
            reason: { type: 'string' },
            adapterId: { type: 'string' },
            interface: nullableString,
            stage: { type: 'string' },
            n: count,
            oldest: ts,
          },
        },
      },
    },
  },
  QuarantineFilter: {
    type: 'object',
    additionalProperties: false,
    properties: {
      adapterId: { type: 'string', maxLength: 64 },
      interface: interfaceName,
      stream: { type: 'string', maxLength: 64 },
      reason: { type: 'string', maxLength: 64 },
      stage: { enum: [...quarantineStages] },
      since: ts,
      until: ts,
    },
  },
  ReplayRequest: {
    type: 'object',
    additionalProperties: false,
    description: 'Either `ids` (open entries to replay) or `filter` (every open entry matching; `{}` = all).',
    oneOf: [{ required: ['ids'] }, { required: ['filter'] }],
    properties: {
      ids: { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'integer', minimum: 1 } },
      filter: { $ref: '#/components/schemas/QuarantineFilter' },
    },
  },
  ReplayJob: {
    type: 'object',
    required: ['id', 'state', 'filter', 'requestedBy', 'processed', 'createdAt', 'progressUrl'],
    properties: {
      id: { type: 'integer' },
      state: { enum: ['queued', 'running', 'done', 'failed'] },
      filter: { type: 'object' },
      requestedBy: { type: 'string' },
      total: { type: ['integer', 'null'], description: 'open entries matching when the job started' },
      processed: count,
      outcome: { oneOf: [{ $ref: '#/components/schemas/ReplayResult' }, { type: 'null' }] },
      error: nullableString,
      createdAt: ts,
      startedAt: nullableTs,
      finishedAt: nullableTs,
      progressUrl: { type: 'string' },
    },
  },
  ReplayResult: {
    type: 'object',
    required: ['entries', 'mapped', 'quarantined', 'interfaces', 'batchedRecords'],
    properties: {
      entries: count,
      mapped: count,
      unchanged: count,
      quarantined: count,
      deleted: count,
      stale: count,
      interfaces: { type: 'array', items: interfaceName },
      batchedRecords: count,
    },
  },
  RecordEdit: {
    type: 'object',
    additionalProperties: false,
    required: ['payload'],
    properties: {
      payload: {
        type: 'object',
        description:
          'The corrected source payload. Masked values (resident ID numbers shown as 6229**********2315) left unchanged keep their stored value.',
      },
      comment: { type: 'string', maxLength: 500 },
    },
  },
  Lineage: {
    type: 'object',
    required: ['query', 'records', 'truncated'],
    properties: {
      query: { type: 'object' },
      batch: { type: ['object', 'null'] },
      records: { type: 'array', items: { type: 'object' } },
      truncated: { type: 'boolean' },
    },
  },
  TraceChain: {
    type: 'object',
    required: ['traceCode', 'maxHops', 'nodes', 'links', 'transports', 'parties', 'truncated'],
    properties: {
      traceCode: { type: 'string' },
      maxHops: { type: 'integer' },
      nodes: { type: 'array', items: { type: 'object' } },
      links: { type: 'array', items: { type: 'object' } },
      transports: { type: 'array', items: { type: 'object' } },
      parties: { type: 'array', items: { type: 'object' } },
      truncated: { type: 'boolean' },
    },
  },
  Event: {
    type: 'object',
    required: ['id', 'at', 'actor', 'actorTokenId', 'action'],
    properties: {
      id: { type: 'integer' },
      at: ts,
      actor: { type: 'string', description: 'name of the token that acted, or `system`' },
      actorTokenId: { type: ['integer', 'null'], description: 'id of the token that acted; null for the gateway itself' },
      action: { type: 'string' },
      subject: nullableString,
      details: {},
    },
  },
  EventPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Event' } }, nextCursor: nullableString },
  },
  Reconciliation: {
    type: 'object',
    required: ['date', 'interface', 'gatewayAccepted', 'status'],
    properties: {
      date: { type: 'string' },
      interface: { type: 'string' },
      gatewayAccepted: { type: 'integer' },
      gatewayDuplicate: { type: 'integer' },
      platformAccepted: { type: ['integer', 'null'] },
      platformDuplicate: { type: ['integer', 'null'] },
      difference: { type: ['integer', 'null'] },
      status: { enum: ['match', 'difference', 'unavailable'] },
      error: nullableString,
    },
  },
  Batch: {
    type: 'object',
    required: ['batchId', 'interface', 'state', 'recordCount', 'attempts'],
    properties: {
      batchId: { type: 'string' },
      interface: { type: 'string' },
      state: { type: 'string' },
      recordCount: { type: 'integer' },
      attempts: { type: 'integer' },
      lastStatus: { type: ['integer', 'null'] },
      lastCode: nullableString,
      lastError: nullableString,
      nextAttemptAt: nullableTs,
      createdAt: ts,
    },
  },
  Incident: {
    type: 'object',
    required: ['id', 'key', 'kind', 'summary', 'openedAt'],
    properties: {
      id: { type: 'integer' },
      key: { type: 'string' },
      kind: { type: 'string' },
      summary: { type: 'string' },
      details: {},
      openedAt: ts,
      resolvedAt: nullableTs,
    },
  },
  Token: {
    type: 'object',
    required: ['id', 'name', 'role', 'createdAt'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      role: { enum: ['viewer', 'operator', 'admin'] },
      createdBy: nullableString,
      createdAt: ts,
      lastUsedAt: nullableTs,
      revokedAt: nullableTs,
      expiresAt: { ...nullableTs, description: 'after this instant the token is refused (401 TG_AUTH_EXPIRED); null: no expiry' },
    },
  },
  NewToken: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'role'],
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
        pattern: '^[\\w .@()-]+$',
        description: 'unique for ever (a revoked token keeps its name); `system` is reserved',
      },
      role: { enum: ['viewer', 'operator', 'admin'] },
      expiresAt: { type: 'string', format: 'date-time', description: 'optional expiry, in the future' },
    },
  },
  CreatedToken: {
    allOf: [{ $ref: '#/components/schemas/Token' }],
    type: 'object',
    required: ['token'],
    properties: { token: { type: 'string', description: 'The bearer token. Shown only in this response.' } },
  },
  AdapterDeclaration: adapterDeclarationBody,
  AdapterRegistration: {
    type: 'object',
    required: ['id', 'kind', 'origin', 'enabled', 'declaration'],
    properties: {
      id: { type: 'string' },
      kind: { type: 'string' },
      origin: { enum: ['config', 'demo', 'api'] },
      enabled: { type: 'boolean' },
      declaration: { type: 'object' },
    },
  },
  AdapterKind: {
    type: 'object',
    required: ['kind', 'streams', 'backfillWindow', 'credentialFields', 'optionsSchema'],
    properties: {
      kind: { type: 'string' },
      backfillWindow: {
        type: 'object',
        required: ['unit', 'holds'],
        properties: {
          unit: { enum: ['time', 'sequence'] },
          holds: { type: 'string', description: 'Which records a window [from, until] holds.' },
        },
      },
      streams: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: {
            orderedByCursor: { type: 'boolean' },
            interface: { type: 'string' },
            referenced: { type: 'boolean' },
            correctionField: { type: 'string' },
          },
        },
      },
      credentialFields: { type: 'array', items: { type: 'string' } },
      optionsSchema: { type: 'object' },
    },
  },
  BackfillRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['from'],
    properties: {
      stream: { type: 'string', minLength: 1, maxLength: 64 },
      from: {
        type: 'string',
        minLength: 1,
        maxLength: 40,
        description:
          "Window start, in the unit of the adapter's kind (`backfillWindow` of GET /api/adapter-kinds): Beijing time `YYYY-MM-DDTHH:mm:ss+08:00`, or a sequence number.",
      },
      until: { type: 'string', minLength: 1, maxLength: 40, description: 'Window end, in the same unit; after from.' },
    },
  },
  JobQueued: {
    type: 'object',
    required: ['queued'],
    properties: { queued: { type: 'boolean' }, jobId: nullableString, message: { type: 'string' } },
  },
  CheckResult: {
    type: 'object',
    required: ['ok'],
    properties: { ok: { type: 'boolean' }, failure: { enum: ['config', 'transient', 'system'] }, message: { type: 'string' } },
  },
  ...publicTraceSchemas,
  ...noticeSchemas,
} as const;
