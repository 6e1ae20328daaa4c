import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { readResponse, recordFields, recordNodes, type XmlRecord } from '../../../src/adapters/mvts-xml/xml';
import { beijingCompact } from '../../../src/common/time';
import { createMvtsSimulator, type MvtsSimulator, type MvtsSimulatorOptions } from '../../../src/demo/mvts-xml';

export const NODE = '620000900001';
export const PASSWORD = 'Lz#Mvts2024';
export const T0 = Date.parse('2024-06-12T10:00:00+08:00');
export const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

export interface Sim {
  sim: MvtsSimulator;
  url: string;
  clock: { t: number };
}

const open: MvtsSimulator[] = [];

export async function startSim(opts: Partial<MvtsSimulatorOptions> = {}): Promise<Sim> {
  const clock = { t: T0 };
  const sim = createMvtsSimulator({
    nodeCode: NODE,
    password: PASSWORD,
    newRecordsPerMinute: 0,
    rateLimitPerSecond: 0,
    now: () => clock.t,
    ...opts,
  });
  const { url } = await sim.listen();
  open.push(sim);
  return { sim, url, clock };
}

export async function stopAll(): Promise<void> {
  while (open.length) await open.pop()!.close();
}

export interface Answer {
  status: number;
  contentType: string;
  bytes: Buffer;
  text: string;
}

export async function post(url: string, xml: string, signal?: AbortSignal): Promise<Answer> {
  const res = await fetch(`${url}/mvts/service`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=GBK' },
    body: iconv.encode(xml, 'gbk'),
    signal,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes, text: iconv.decode(bytes, 'gb18030') };
}

function request(method: string, token: string, body: string, node = NODE, at = T0): string {
  return `<?xml version="1.0" encoding="GBK"?>\n<Request><Head><NodeCode>${node}</NodeCode><Method>${method}</Method>${token ? `<Token>${token}</Token>` : '<Token/>'}<RequestTime>${beijingCompact(at)}</RequestTime></Head><Body>${body}</Body></Request>`;
}

export function loginXml(password = PASSWORD, node = NODE): string {
  return request('Login', '', `<Password>${md5(password)}</Password>`, node);
}

export function queryXml(token: string, type: string, start: string, end: string, pageNo = 1, pageSize = 200): string {
  return request(
    'QueryRecords',
    token,
    `<RecordType>${type}</RecordType><StartTime>${start}</StartTime><EndTime>${end}</EndTime><PageNo>${pageNo}</PageNo><PageSize>${pageSize}</PageSize>`,
  );
}

export const codeOf = (a: Answer) => /<Code>(\d+)<\/Code>/.exec(a.text)?.[1];
export const totalOf = (a: Answer) => Number(/<TotalCount>(\d+)<\/TotalCount>/.exec(a.text)?.[1]);

export async function login(url: string): Promise<string> {
  const a = await post(url, loginXml());
  const token = /<Token>(\w+)<\/Token>/.exec(a.text)?.[1];
  if (!token) throw new Error(`login failed: ${a.text}`);
  return token;
}

export async function recordsOf(a: Answer): Promise<XmlRecord[]> {
  const res = await readResponse(a.bytes, a.contentType);
  return recordNodes(res.body).map(recordFields);
}

/** Every record of a type uploaded in [start, end), through pages of `pageSize`. */
export async function dump(
  url: string,
  token: string,
  type: string,
  start = beijingCompact(T0 - 2 * 3600_000),
  end = beijingCompact(T0),
  pageSize = 200,
): Promise<{ records: XmlRecord[]; texts: string[] }> {
  const records: XmlRecord[] = [];
  const texts: string[] = [];
  for (let page = 1; ; page++) {
    const a = await post(url, queryXml(token, type, start, end, page, pageSize));
    if (codeOf(a) !== '0000') throw new Error(a.text);
    texts.push(a.text);
    const rs = await recordsOf(a);
    records.push(...rs);
    if (rs.length === 0 || page * pageSize >= totalOf(a)) return { records, texts };
  }
}
