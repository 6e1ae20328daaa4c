/** JSON Schema of the gateway configuration (config/default.json after environment overrides). */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['port', 'logLevel', 'simulators', 'dataDir', 'api', 'adaptersDir', 'demoAdaptersDir', 'translationsDir', 'codelistsDir', 'database', 'national', 'delivery', 'pull', 'demo', 'retention', 'maintenance', 'jobs', 'notices', 'publicTrace'],
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    logLevel: { enum: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] },
    simulators: { type: 'boolean' },
    dataDir: { type: 'string', minLength: 1 },
    api: {
      type: 'object',
      additionalProperties: false,
      required: ['rateLimit', 'metrics'],
      properties: {
        rateLimit: {
          type: 'object',
          additionalProperties: false,
          required: ['windowSeconds', 'perAddress', 'perToken'],
          properties: {
            windowSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
            perAddress: { type: 'integer', minimum: 0 },
            perToken: { type: 'integer', minimum: 0 },
          },
        },
        metrics: {
          type: 'object',
          additionalProperties: false,
          required: ['cacheSeconds', 'port'],
          properties: { cacheSeconds: { type: 'number', minimum: 0, maximum: 3600 }, port: { type: ['integer', 'null'], minimum: 0, maximum: 65535 } },
        },
      },
    },
    adaptersDir: { type: 'string', minLength: 1 },
    demoAdaptersDir: { type: 'string', minLength: 1 },
    translationsDir: { type: 'string', minLength: 1 },
    codelistsDir: { type: 'string', minLength: 1 },
    database: {
      type: 'object',
      additionalProperties: false,
      required: ['url', 'schema', 'bossSchema', 'poolSize', 'embedded'],
      properties: {
        url: { type: ['string', 'null'], pattern: '^postgres(ql)?://' },
        schema: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$' },
        bossSchema: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$' },
        poolSize: { type: 'integer', minimum: 2, maximum: 100 },
        embedded: {
          type: 'object',
          additionalProperties: false,
          required: ['dir', 'port'],
          properties: { dir: { type: 'string', minLength: 1 }, port: { type: 'integer', minimum: 1024, maximum: 65535 } },
        },
      },
    },
    national: {
      type: 'object',
      additionalProperties: false,
      required: ['baseUrl', 'appKey', 'appSecret', 'signMethod', 'regionScope', 'rateLimitPerSecond', 'timeoutMs', 'gzipAboveBytes'],
      properties: {
        baseUrl: { type: ['string', 'null'], pattern: '^https?://[^/]+(/.*)?/ntp/v1/?$' },
        appKey: { type: ['string', 'null'], minLength: 1 },
        appSecret: { type: ['string', 'null'], pattern: '^env:[A-Za-z_][A-Za-z0-9_]*$' },
        signMethod: { enum: ['HMAC-SHA256', 'HMAC-SM3'] },
        regionScope: { type: 'string', pattern: '^(\\d{2}|\\d{4}|\\d{6})$' },
        rateLimitPerSecond: { type: 'number', exclusiveMinimum: 0 },
        timeoutMs: { type: 'integer', minimum: 100 },
        gzipAboveBytes: { type: 'integer', minimum: 0 },
      },
    },
    delivery: {
      type: 'object',
      additionalProperties: false,
      required: ['batchMaxRecords', 'batchMaxBytes', 'workers', 'sweepSeconds'],
      properties: {
        batchMaxRecords: { type: 'integer', minimum: 1, maximum: 500 },
        batchMaxBytes: { type: 'integer', minimum: 1024, maximum: 4194304 },
        workers: { type: 'integer', minimum: 1, maximum: 64 },
        sweepSeconds: { type: 'number', minimum: 0.1 },
      },
    },
    pull: {
      type: 'object',
      additionalProperties: false,
      required: ['maxSeconds', 'expireSeconds'],
      properties: { maxSeconds: { type: 'integer', minimum: 1 }, expireSeconds: { type: 'integer', minimum: 10 } },
    },
    jobs: {
      type: 'object',
      additionalProperties: false,
      required: ['maintenanceIntervalSeconds', 'deliverExpireSeconds'],
      properties: {
        maintenanceIntervalSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
        deliverExpireSeconds: { type: 'integer', minimum: 5 },
      },
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      required: ['days'],
      properties: { days: { type: 'integer', minimum: 1 } },
    },
    maintenance: {
      type: 'object',
      additionalProperties: false,
      required: ['reconcileCron', 'pruneCron', 'codelistsCron', 'timezone'],
      properties: {
        reconcileCron: { type: 'string', minLength: 9 },
        pruneCron: { type: 'string', minLength: 9 },
        codelistsCron: { type: 'string', minLength: 9 },
        timezone: { type: 'string', minLength: 1 },
      },
    },
    notices: {
      type: 'object',
      additionalProperties: false,
      required: ['pollSeconds', 'raise'],
      properties: {
        pollSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
        raise: { enum: ['off', 'propose', 'auto'] },
      },
    },
    publicTrace: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'baseUrl', 'cacheSeconds', 'rateLimit', 'trustProxyHops'],
      properties: {
        enabled: { type: 'boolean' },
        baseUrl: { type: ['string', 'null'], pattern: '^https?://[^/?#\\s]+(/[^?#\\s]*)?$' },
        cacheSeconds: { type: 'integer', minimum: 0, maximum: 86400 },
        rateLimit: {
          type: 'object',
          additionalProperties: false,
          required: ['max', 'windowSeconds'],
          properties: { max: { type: 'integer', minimum: 1 }, windowSeconds: { type: 'integer', minimum: 1, maximum: 86400 } },
        },
        trustProxyHops: { type: 'integer', minimum: 0, maximum: 10 },
      },
    },
    demo: {
      type: 'object',
      additionalProperties: false,
      required: ['dataDir', 'ports'],
      properties: {
        dataDir: { type: 'string' },
        ports: {
          type: 'object',
          additionalProperties: false,
          required: ['national', 'provincial', 'market', 'mvts'],
          properties: {
            national: { type: 'integer', minimum: 0, maximum: 65535 },
            provincial: { type: 'integer', minimum: 0, maximum: 65535 },
            market: { type: 'integer', minimum: 0, maximum: 65535 },
            mvts: { type: 'integer', minimum: 0, maximum: 65535 },
          },
        },
      },
    },
  },
} as const;
