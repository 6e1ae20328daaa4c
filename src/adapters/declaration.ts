import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { GatewayError } from '../errors';
import { CREDENTIAL_NOT_USABLE, isSourceCredentialRef } from './credentials';
import { MAX_RESPONSE_BYTES } from './http';
import { conflictingCallOptions } from './toolkit/call-options';
import type { AdapterDeclaration, AdapterKind } from './types';

/** JSON Schema of the fields every adapter instance declares (STYLE.md, "Declaring an adapter instance"). */
export const declarationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'regionCode', 'sourceSystem', 'schedule', 'baseUrl', 'credentials'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    kind: { type: 'string', minLength: 1 },
    enabled: { type: 'boolean', default: true },
    regionCode: { type: 'string', pattern: '^\\d{6}$' },
    sourceSystem: { type: 'string', pattern: '^[a-z0-9-]{1,16}$' },
    schedule: { type: 'string', minLength: 9 },
    baseUrl: { type: 'string', pattern: '^https?://[^\\s/]+(/\\S*)?$' },
    allowedHosts: { type: 'array', items: { type: 'string', pattern: '^[^\\s/]+$' }, default: [] },
    allowPrivateAddresses: {
      type: 'boolean',
      description:
        'Explicit opt-in: hosts of allowedHosts may resolve to loopback, private or link-local addresses (never the unspecified address, multicast or broadcast).',
    },
    credentials: { type: 'object', additionalProperties: { type: 'string', pattern: '^env:[A-Za-z_][A-Za-z0-9_]*$' } },
    streams: {
      type: 'object',
      default: {},
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          enabled: { type: 'boolean' },
          lookbackSeconds: { type: 'integer', minimum: 0 },
          lookbackRows: { type: 'integer', minimum: 0 },
          startFrom: { type: 'string', minLength: 1 },
        },
      },
    },
    options: { type: 'object', default: {} },
  },
} as const;

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validateCommon = ajv.compile(declarationSchema as object);
const optionValidators = new WeakMap<object, ReturnType<Ajv['compile']>>();

function describe(errors: ErrorObject[] | null | undefined, prefix: string, where: string, kind?: string): string[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
    return `${where} ${prefix}${e.instancePath || ''}: ${e.message ?? 'is invalid'}${extra}${kind ? ` (kind ${kind})` : ''}`;
  });
}

/**
 * Validates a declaration against the common schema and its kind's options schema; a credential
 * must be an `env:NAME` reference, and the kind must know every credential it needs.
 * Throws TG_ADAPTER_INVALID naming the source (file), the field and the reason.
 */
export function validateDeclaration(input: unknown, kinds: Readonly<Record<string, AdapterKind>>, where: string): AdapterDeclaration {
  const decl = structuredClone(input) as Record<string, any>;
  if (!validateCommon(decl as unknown)) throw new GatewayError('TG_ADAPTER_INVALID', describe(validateCommon.errors, '', where).join('\n'));
  const kind = kinds[decl.kind];
  if (!kind) {
    throw new GatewayError('TG_ADAPTER_INVALID', `${where} /kind: unknown kind "${decl.kind}" (known: ${Object.keys(kinds).join(', ')})`);
  }
  let validateOptions = optionValidators.get(kind);
  if (!validateOptions) {
    validateOptions = ajv.compile(kind.optionsSchema as object);
    optionValidators.set(kind, validateOptions);
  }
  if (!validateOptions(decl.options))
    throw new GatewayError('TG_ADAPTER_INVALID', describe(validateOptions.errors, '/options', where, kind.kind).join('\n'));
  const problems: string[] = conflictingCallOptions(decl.options).map((conflict) => `${where} ${conflict} (kind ${kind.kind})`);
  for (const field of kind.credentialFields) {
    if (!decl.credentials[field]) problems.push(`${where} /credentials/${field}: is required (kind ${kind.kind})`);
  }
  for (const [field, ref] of Object.entries(decl.credentials as Record<string, string>)) {
    if (!kind.credentialFields.includes(field)) problems.push(`${where} /credentials/${field}: is not a credential of kind ${kind.kind}`);
    else if (!isSourceCredentialRef(ref)) problems.push(`${where} /credentials/${field}: ${CREDENTIAL_NOT_USABLE}`);
  }
  if (decl.allowPrivateAddresses === true && decl.allowedHosts.length === 0) {
    problems.push(`${where} /allowPrivateAddresses: applies only to hosts listed in allowedHosts, and allowedHosts is empty`);
  }
  const maxBytes = (decl.options as { maxResponseBytes?: unknown } | undefined)?.maxResponseBytes;
  if (maxBytes !== undefined && maxBytes !== null && !(typeof maxBytes === 'number' && maxBytes <= MAX_RESPONSE_BYTES)) {
    problems.push(
      `${where} /options/maxResponseBytes: must be a number of bytes <= ${MAX_RESPONSE_BYTES} (the gateway's cap for every kind)`,
    );
  }
  for (const stream of Object.keys(decl.streams)) {
    if (!kind.streams[stream])
      problems.push(`${where} /streams/${stream}: is not a stream of kind ${kind.kind} (${Object.keys(kind.streams).join(', ')})`);
  }
  if (problems.length) throw new GatewayError('TG_ADAPTER_INVALID', problems.join('\n'));
  return decl as AdapterDeclaration;
}

/** Reads and validates every `*.json` declaration in a folder (missing folder = none). */
export function loadDeclarations(
  dir: string,
  kinds: Readonly<Record<string, AdapterKind>>,
): Array<{ file: string; decl: AdapterDeclaration }> {
  if (!fs.existsSync(dir)) return [];
  const out: Array<{ file: string; decl: AdapterDeclaration }> = [];
  const seen = new Map<string, string>();
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new GatewayError('TG_ADAPTER_INVALID', `${file}: not valid JSON (${(err as Error).message})`);
    }
    const decl = validateDeclaration(raw, kinds, file);
    const other = seen.get(decl.id);
    if (other) throw new GatewayError('TG_ADAPTER_INVALID', `${file} /id: "${decl.id}" is already declared in ${other}`);
    seen.set(decl.id, file);
    out.push({ file, decl });
  }
  return out;
}
