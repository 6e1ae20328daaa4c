/**
 * Building blocks of the national record schemas (national-interface.md §5, §6). Each record
 * schema is a closed object whose `properties` are listed in the order of the spec's field table,
 * common fields first: the validator reports errors in that order (§7.9).
 *
 * Besides standard JSON Schema, the schemas use the validator's own keywords:
 * - `ntpId`: `credit` (§6.2 only), `party` (§6.2 or §6.3), `subject` (decided by `subjectIdType`),
 *   `trace` (§6.4) — check characters (E4004), provinces (E4003) and structure (E4001);
 * - `ntpRegion`: a region code of §6.1/§7.17 (E4001, E4003 for an unknown province);
 * - `ntpCodeList`: the named code list of §6.5 (E4003);
 * - `ntpDecimals`: at most that many decimals as written (§1, E4001);
 * - `ntpInteger`: an integer written as plain digits when the literal is known (§7.21, E4001);
 * - `ntpDistinct`: among the elements valid on their own, a later one equal to an earlier one is
 *   flagged (§7.14, §7.25, E4001);
 * - formats `ntp-date` (§1, §7.20) and `ntp-timestamp` (§7.18, §7.20).
 * Strings of known fields reach the schema already trimmed, and those that trim to "" already
 * removed (§7.11). Conditional requirements (§7.12) are cross-field rules (cross-field-rules.ts),
 * because §7.26 lists them after the unknown fields.
 */

export type JsonSchema = Record<string, unknown>;

export const REGION_CODE_PATTERN = '^[0-9]{6}$';
export const TRACE_CODE_PATTERN = '^[0-9]{20}$';
/** 18 characters over the credit code alphabet; every resident ID shape fits it too. */
export const ID_PATTERN = '^[0-9A-HJ-NP-RTUWXY]{18}$';

export function text(minLength: number, maxLength: number): JsonSchema {
  return { type: 'string', minLength, maxLength };
}

export function oneOf(...values: string[]): JsonSchema {
  return { type: 'string', enum: values };
}

export function codeList(name: string): JsonSchema {
  return { type: 'string', ntpCodeList: name };
}

export const regionCode: JsonSchema = { type: 'string', pattern: REGION_CODE_PATTERN, ntpRegion: true };
export const traceCode: JsonSchema = { type: 'string', pattern: TRACE_CODE_PATTERN, ntpId: 'trace' };
export const creditCode: JsonSchema = { type: 'string', pattern: ID_PATTERN, ntpId: 'credit' };
export const partyCode: JsonSchema = { type: 'string', pattern: ID_PATTERN, ntpId: 'party' };
export const date: JsonSchema = { type: 'string', format: 'ntp-date' };
export const timestamp: JsonSchema = { type: 'string', format: 'ntp-timestamp' };
/** Animal quarantine certificate number (§5.5; §7.24 for entries). */
export const quarantineCertNo: JsonSchema = { type: 'string', pattern: '^[0-9A-Z]{10,20}$' };

/** Quantities and weights: > 0, at most 3 decimals (§1). */
export const quantity: JsonSchema = { type: 'number', exclusiveMinimum: 0, ntpDecimals: 3 };
/** Money in CNY: ≥ 0, at most 2 decimals (§1). */
export const money: JsonSchema = { type: 'number', minimum: 0, ntpDecimals: 2 };
export const temperature: JsonSchema = { type: 'number', minimum: -40, maximum: 40, ntpDecimals: 3 };

/** Largest integer the platform accepts (§7.21): 2^53 − 1. */
export const MAX_INTEGER = 9007199254740991;

/** An integer ≥ `minimum`, written as plain digits, at most 2^53 − 1 (§3.1, §7.21). */
export function integer(minimum: number): JsonSchema {
  return { type: 'integer', minimum, maximum: MAX_INTEGER, ntpInteger: true };
}

/** Common fields of every record (§5), all required. */
export const commonProperties: Record<string, JsonSchema> = {
  recordId: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' },
  version: integer(1),
  regionCode,
  sourceSystem: text(1, 64),
  reportedAt: timestamp,
};

export function recordSchema(id: string, properties: Record<string, JsonSchema>, required: string[], extra: JsonSchema = {}): JsonSchema {
  return {
    $id: `urn:trace-gateway:national:${id}`,
    title: `national ${id} record`,
    type: 'object',
    properties: { ...commonProperties, ...properties },
    required: [...Object.keys(commonProperties), ...required],
    additionalProperties: false,
    ...extra,
  };
}
