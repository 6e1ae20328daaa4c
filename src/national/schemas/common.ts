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
 * - `ntpMeat`: a product code the code list marks `meat` (used only in conditions);
 * - `ntpDecimals`: at most that many decimals as written (§1, E4001);
 * - `ntpDistinct`: array elements are distinct, the later duplicate is flagged (§7.14, E4001);
 * - formats `ntp-date` (§1) and `ntp-timestamp` (§7.18).
 * Strings reach the schema already trimmed, and strings that trim to "" already removed (§7.11).
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

/** Quantities and weights: > 0, at most 3 decimals (§1). */
export const quantity: JsonSchema = { type: 'number', exclusiveMinimum: 0, ntpDecimals: 3 };
/** Money in CNY: ≥ 0, at most 2 decimals (§1). */
export const money: JsonSchema = { type: 'number', minimum: 0, ntpDecimals: 2 };
export const temperature: JsonSchema = { type: 'number', minimum: -40, maximum: 40, ntpDecimals: 3 };

/** Common fields of every record (§5), all required. */
export const commonProperties: Record<string, JsonSchema> = {
  recordId: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' },
  version: { type: 'integer', minimum: 1 },
  regionCode,
  sourceSystem: text(1, 64),
  reportedAt: timestamp,
};

export function recordSchema(
  id: string,
  properties: Record<string, JsonSchema>,
  required: string[],
  extra: JsonSchema = {},
): JsonSchema {
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
