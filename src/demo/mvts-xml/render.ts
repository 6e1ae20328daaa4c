import iconv from 'iconv-lite';
import { Rng } from '../common/random';
import type { SimRecord } from './types';

/**
 * The XML the central system writes (source-subsystems §4.2, §4.6): names in CDATA, whitespace
 * around values, empty elements in every spelling, unknown elements, any element order and both
 * `TraceCodes` forms. Each revision is rendered the same way every time it is served.
 */

const NAMES = new Set(['OwnerName', 'SellerName', 'BuyerName', 'GoodsName', 'OriginName']);
const NUMBERS = new Set(['Weight', 'CarcassWeight', 'Price', 'Amount', 'HeadCount', 'TempMin', 'TempMax']);
const SEPARATORS = [',', ',', '，', ';', ', ', '；'];
const I = '        ';

export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, value: string | string[] | undefined, rng: Rng): string | null {
  if (Array.isArray(value)) {
    if (rng.chance(0.4)) return `<${name}>\n${value.map((c) => `${I}  <TraceCode>${escapeText(c)}</TraceCode>\n`).join('')}${I}</${name}>`;
    return `<${name}>${escapeText(value.join(rng.pick(SEPARATORS)))}</${name}>`;
  }
  if (value === undefined || value === '') {
    const style = rng.next();
    if (style < 0.5) return `<${name}/>`;
    if (style < 0.7) return `<${name}></${name}>`;
    if (style < 0.8) return `<${name}>  </${name}>`;
    return null;
  }
  if (NAMES.has(name) && rng.chance(0.6)) return `<${name}>${cdata(value)}</${name}>`;
  if (NUMBERS.has(name) && rng.chance(0.1)) {
    return rng.chance(0.5) ? `<${name}> ${escapeText(value)} </${name}>` : `<${name}>\n${I}  ${escapeText(value)}\n${I}</${name}>`;
  }
  return `<${name}>${escapeText(value)}</${name}>`;
}

export function renderRecord(rec: SimRecord, seed: number): string {
  const rng = Rng.from(`${seed}:${rec.stream}:${rec.sourceKey}:${rec.revision}`);
  const lines: string[] = [];
  for (const [name, value] of rec.fields) {
    const xml = element(name, value, rng);
    if (xml !== null) lines.push(xml);
  }
  lines.push(`<UploadTime>${rec.uploadTime}</UploadTime>`);
  if (rng.chance(0.1)) lines.push(rng.chance(0.5) ? '<Remark>补录</Remark>' : '<Ext><Flag>1</Flag><Source>scale</Source></Ext>');
  if (rng.chance(0.15)) {
    for (let i = lines.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
  }
  return `      <Record>\n${lines.map((l) => `${I}${l}\n`).join('')}      </Record>\n`;
}

export interface ResponseHead {
  code: string;
  message: string;
  totalCount?: number;
  pageNo?: number;
  pageSize?: number;
}

export function responseXml(head: ResponseHead, body: string | null): string {
  const extra =
    head.totalCount === undefined
      ? ''
      : `    <TotalCount>${head.totalCount}</TotalCount>\n    <PageNo>${head.pageNo}</PageNo>\n    <PageSize>${head.pageSize}</PageSize>\n`;
  return (
    '<?xml version="1.0" encoding="GBK"?>\n<Response>\n  <Head>\n' +
    `    <Code>${head.code}</Code>\n    <Message>${escapeText(head.message)}</Message>\n${extra}  </Head>\n` +
    (body === null ? '  <Body/>\n' : `  <Body>\n${body}  </Body>\n`) +
    '</Response>\n'
  );
}

export function recordsBody(records: string[]): string {
  if (records.length === 0) return '    <Records/>\n';
  return `    <Records>\n${records.join('')}    </Records>\n`;
}

/** GBK as the service writes it; encoded as GB18030 so four-byte characters (•) survive (§7.7). */
export function encodeGbk(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}
