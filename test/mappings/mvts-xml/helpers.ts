import fs from 'node:fs';
import path from 'node:path';
import { REPORTED_AT, SAMPLES, tables, validateMapped } from '../../helpers/mapping-fixtures';
import type { MapResult, MappingContext } from '../../../src/mappings/types';
import type { NationalError, NationalInterface } from '../../../src/national/types';
import { readResponse } from '../../../src/adapters/mvts-xml/xml';
import { toRawRecords, type MvtsStream } from '../../../src/adapters/mvts-xml/streams';
import type { RawRecord } from '../../../src/adapters/types';

export const ctx: MappingContext = {
  tables,
  instance: { adapterId: 'gs-mvts', regionCode: '620000', sourceSystem: 'gs-mvts', params: {} },
  references: () => undefined,
};

/** National validation of a mapped record, as the pipeline would send it. */
export function nationalErrors(iface: NationalInterface, result: MapResult): NationalError[] {
  if (!result.ok) throw new Error(`mapping failed: ${JSON.stringify(result.errors)}`);
  return validateMapped(iface, result.record);
}

/** A sample response through the adapter's own reader: the raw records the pipeline would stage. */
export async function sampleRecords(file: string, stream: MvtsStream): Promise<RawRecord[]> {
  const body = fs.readFileSync(path.join(SAMPLES, file));
  const response = await readResponse(body, 'text/xml; charset=GBK');
  return toRawRecords(stream, {
    response,
    meta: { request: file, status: 200, headers: {}, charset: response.charset, bodyBytes: body.length, bodySha256: '' },
  });
}

export { REPORTED_AT, SAMPLES, tables };
