/**
 * components.schemas of the public trace answer. Every object is closed (additionalProperties: false), so the
 * document is also the list of what may be shown to the public: no resident ID, phone, price, amount,
 * quantity, subject code or internal id (record, adapter, batch) has a place here.
 */
const labelled = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'label'],
  properties: {
    code: { type: 'string' },
    label: { type: ['string', 'null'], description: 'label from the code list or enumeration; null for a code it does not hold' },
  },
} as const;
const nullableLabelled = { anyOf: [labelled, { type: 'null' }] } as const;
const region = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'province'],
  description:
    'A 6-digit region code (national §6.1) and the name of its province (code list provinces); the gateway holds no finer list of names.',
  properties: { code: { type: 'string', pattern: '^\\d{6}$' }, province: { type: ['string', 'null'] } },
} as const;
const party = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'roleLabel', 'name'],
  properties: {
    role: { enum: ['producer', 'slaughterhouse', 'issuer', 'supplier', 'vendor', 'market', 'seller', 'carrier'] },
    roleLabel: { type: 'string' },
    name: {
      type: ['string', 'null'],
      description:
        "an organisation's registered name; a person's name as its first character and asterisks (张**); null when no accepted registration is held",
    },
  },
} as const;
const nullableParty = { anyOf: [party, { type: 'null' }] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const publicTraceSchemas = {
  PublicTrace: {
    type: 'object',
    additionalProperties: false,
    required: [
      'traceCode',
      'url',
      'link',
      'found',
      'product',
      'origin',
      'producer',
      'market',
      'certificate',
      'test',
      'steps',
      'warnings',
      'truncated',
    ],
    properties: {
      traceCode: { type: 'string', pattern: '^\\d{20}$' },
      url: { type: 'string', description: 'the public page of the code (PUBLIC_BASE_URL + /t/{traceCode}), as its QR code encodes it' },
      link: { ...labelled, description: 'the link code of the trace code (§6.4: 01 planting … 09 cold-chain logistics)' },
      found: { type: 'boolean', description: 'false when only an open notice names the code and no accepted record is held' },
      product: {
        anyOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['category', 'name'],
            properties: { category: nullableLabelled, name: nullableString },
          },
          { type: 'null' },
        ],
      },
      origin: { anyOf: [region, { type: 'null' }] },
      producer: nullableParty,
      market: nullableParty,
      certificate: {
        anyOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['certificateNo', 'issuedOn', 'basis', 'commitments', 'issuer'],
            properties: {
              certificateNo: { type: 'string' },
              issuedOn: nullableString,
              basis: nullableLabelled,
              commitments: { type: 'array', items: labelled },
              issuer: nullableParty,
            },
          },
          { type: 'null' },
        ],
      },
      test: {
        anyOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['conclusion', 'method', 'agency', 'testedAt', 'items'],
            properties: {
              conclusion: labelled,
              method: nullableLabelled,
              agency: nullableString,
              testedAt: nullableString,
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['item', 'result'],
                  properties: { item: labelled, result: nullableLabelled },
                },
              },
            },
          },
          { type: 'null' },
        ],
      },
      steps: {
        type: 'array',
        description: 'the steps of the chain (upstream, the code, downstream) in time order',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'label', 'traceCode', 'date', 'region', 'parties', 'detail'],
          properties: {
            kind: { enum: ['production', 'slaughter', 'inspection', 'certificate', 'entry', 'sale', 'transport'] },
            label: { type: 'string' },
            traceCode: { type: 'string' },
            date: { type: ['string', 'null'], description: 'the date or timestamp written in the record' },
            region: { anyOf: [region, { type: 'null' }] },
            parties: { type: 'array', items: party },
            detail: nullableString,
          },
        },
      },
      warnings: {
        type: 'array',
        description: 'one per open notice (national §8: PROBLEM_PRODUCT or RECALL, not withdrawn) naming the code or a code it came from',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [
            'noticeId',
            'revision',
            'kind',
            'kindLabel',
            'severity',
            'severityLabel',
            'hazard',
            'issuedAt',
            'actionsRequired',
            'traceCodes',
          ],
          properties: {
            noticeId: { type: 'string' },
            revision: { type: 'integer' },
            kind: { enum: ['PROBLEM_PRODUCT', 'RECALL'] },
            kindLabel: { type: 'string' },
            severity: { type: 'string' },
            severityLabel: { type: 'string' },
            hazard: { type: 'string' },
            issuedAt: { type: 'string' },
            actionsRequired: { type: 'array', items: labelled },
            traceCodes: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      truncated: { type: 'boolean' },
    },
  },
} as const;
