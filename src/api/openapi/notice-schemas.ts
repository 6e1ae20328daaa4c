const ts = { type: 'string', format: 'date-time' } as const;
const nullableTs = { type: ['string', 'null'], format: 'date-time' } as const;
const obj = { type: 'object' } as const;
const arr = { type: 'array', items: { type: 'object' } } as const;

/** components.schemas of the notices operations. */
export const noticeSchemas = {
  NoticeCaseSummary: {
    type: 'object',
    required: ['noticeId', 'origin', 'revision', 'kind', 'severity', 'hazard', 'caseState', 'firstSeenAt', 'respondBy'],
    properties: {
      noticeId: { type: 'string' },
      origin: { enum: ['received', 'raised'] },
      revision: { type: 'integer' },
      kind: { type: 'string' },
      severity: { type: 'string' },
      hazard: { type: 'string' },
      productCode: { type: 'string' },
      traceCodes: { type: 'array', items: { type: 'string' } },
      actionsRequired: { type: 'array', items: { type: 'string' } },
      issuedAt: ts,
      respondBy: ts,
      firstSeenAt: ts,
      acknowledgeBy: ts,
      caseState: { enum: ['none', 'open', 'acknowledged', 'in_progress', 'closed', 'withdrawn'] },
      finalStatus: { type: ['string', 'null'] },
      withdrawnAt: nullableTs,
      withdrawnBy: { type: ['string', 'null'] },
      closedAt: nullableTs,
      closedBy: { type: ['string', 'null'] },
    },
  },
  NoticeCaseList: {
    type: 'object',
    required: ['items', 'feed'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/NoticeCaseSummary' } }, feed: obj },
  },
  NoticeCase: {
    type: 'object',
    required: ['case', 'notice', 'revisions', 'chain', 'actions', 'responses'],
    properties: {
      case: { $ref: '#/components/schemas/NoticeCaseSummary' },
      notice: { type: 'object', description: 'The latest revision as the platform served it (§8.1).' },
      revisions: arr,
      chain: {
        type: 'object',
        required: ['records', 'pending', 'quarantined', 'traceCodes', 'truncated'],
        description:
          'Records: the latest accepted version of each record of the §8.6 chain (what the final answer lists as findings). Pending and quarantined: records that meet a rule of the chain but whose newest version the platform has not accepted.',
        properties: {
          records: arr,
          pending: arr,
          quarantined: arr,
          traceCodes: { type: 'array', items: { type: 'string' } },
          truncated: { type: 'boolean' },
        },
      },
      missingActions: {
        type: 'array',
        items: { type: 'string' },
        description: 'required actions other than TRACE with no action recorded yet',
      },
      actions: arr,
      responses: {
        type: 'array',
        items: { type: 'object' },
        description:
          'Answers in the order written: responseId, status, outcome (pending, sent, refused, cancelled), attempts, sentAt, receivedAt, body.',
      },
    },
  },
  NoticeActionInput: {
    type: 'object',
    additionalProperties: false,
    required: ['action'],
    properties: {
      action: { enum: ['OFF_SHELF', 'RETEST', 'RECALL'] },
      at: { ...ts, description: 'when it was done (default now)' },
      subjectCode: { type: 'string', pattern: '^[0-9A-Z]{18}$', description: 'who acted (§6.2 or §6.3)' },
      quantity: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.001 },
      unit: { type: 'string', minLength: 1, maxLength: 16, description: 'code list units; with quantity' },
      note: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  NoticeAction: {
    type: 'object',
    required: ['id', 'noticeId', 'action', 'at', 'recordedBy'],
    properties: {
      id: { type: 'integer' },
      noticeId: { type: 'string' },
      action: { type: 'string' },
      at: ts,
      recordedBy: { type: 'string' },
    },
  },
  NoticeCloseInput: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', minLength: 1, maxLength: 800 } } },
  NoticeClosed: {
    type: 'object',
    required: ['noticeId', 'responseId', 'status', 'findings'],
    properties: {
      noticeId: { type: 'string' },
      responseId: { type: 'string' },
      status: { enum: ['COMPLETED', 'NOT_FOUND'] },
      findings: { type: 'integer' },
      pending: { type: 'integer' },
    },
  },
  NoticeReport: {
    type: 'object',
    required: ['generatedAt', 'notice', 'case', 'chain', 'actions', 'answers'],
    properties: { generatedAt: ts, notice: obj, case: obj, chain: obj, regions: arr, subjects: arr, actions: arr, answers: arr },
  },
  RaisedNotice: {
    type: 'object',
    required: ['clientNoticeId', 'state', 'body', 'createdAt'],
    properties: {
      clientNoticeId: { type: 'string' },
      state: { enum: ['proposed', 'confirmed', 'accepted', 'refused', 'dismissed'] },
      body: obj,
      evidenceRecord: { type: 'string' },
      createdAt: ts,
      decidedAt: nullableTs,
      decidedBy: { type: ['string', 'null'] },
      attempts: { type: 'integer' },
      lastError: { type: ['string', 'null'] },
      noticeId: { type: ['string', 'null'] },
      targetRegions: { type: ['array', 'null'], items: { type: 'string' } },
      acceptedAt: nullableTs,
    },
  },
} as const;
