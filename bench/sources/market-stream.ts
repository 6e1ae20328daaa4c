/**
 * A benchmark-only market traceability-scale system (source-subsystems §3): the same
 * `GET /export/{stream}?since=&limit=` protocol, GBK CSV and headers as the bundled market simulator,
 * but every row is computed from its 同步序号, so it serves millions of rows in constant memory, and
 * `sales` rows can appear at a fixed rate whose creation instant is known to the millisecond.
 *
 * - `vendors`: `vendors` rows, seq 1…n, every one valid (credit codes with correct check characters).
 * - `entries`: always empty.
 * - `sales`: `count` rows (count mode: all visible from the start), or rows appearing at
 *   `ratePerSecond` from `startAt` on (rate mode; row n appears at startAt + n / rate seconds).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import iconv from 'iconv-lite';
import { creditCodeCheckChar, traceCodeCheckDigit } from '../../src/national/check-characters';
import { beijingDashed } from '../../src/common/time';

export interface MarketStreamOptions {
  apiKey: string;
  vendors: number;
  /** Rows of `sales` in all (count mode), or the cap in rate mode. */
  sales: number;
  /** Rate mode: sales rows per second from `startAt` (epoch ms) on. */
  ratePerSecond?: number;
  startAt?: number;
}

export interface MarketStreamSource {
  listen(port?: number): Promise<{ url: string }>;
  close(): Promise<void>;
  /** Epoch ms at which sales row `seq` appeared (its source update time). */
  createdAt(seq: number): number;
  /** Sales rows visible now. */
  visibleSales(now?: number): number;
}

const MARKET_REGION = '620102';
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Market goods codes of market-goods.json with a price in cents per 斤. */
const GOODS: ReadonlyArray<readonly [code: string, name: string, centsPerJin: number]> = [
  ['10101', '大白菜', 120],
  ['10102', '娃娃菜', 250],
  ['10301', '土豆', 150],
  ['10401', '西红柿', 350],
  ['10402', '青椒', 400],
  ['10501', '黄瓜', 280],
  ['10604', '兰州百合', 1800],
  ['20101', '苹果', 550],
];
const ORIGINS = ['620123', '620111', '620121', '620503', '622923'];

const VENDOR_COLUMNS = ['同步序号', '经营户编号', '摊位号', '经营者名称', '证件类型', '证件号码', '联系电话', '登记日期'];
const ENTRY_COLUMNS = [
  '同步序号',
  '进场单号',
  '摊位号',
  '经营户编号',
  '供货商证件号',
  '商品编码',
  '商品名称',
  '数量',
  '单位',
  '产地',
  '进场时间',
  '合格证号',
  '检疫证号',
  '来源追溯码',
  '更正标志',
];
const SALE_COLUMNS = [
  '同步序号',
  '票号',
  '摊位号',
  '经营户编号',
  '买方证件号',
  '商品编码',
  '商品名称',
  '数量',
  '单位',
  '单价',
  '金额',
  '交易时间',
  '追溯码',
  '来源追溯码',
  '更正标志',
];

function cents(n: number): string {
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

function yymmdd(at: number): string {
  const d = beijingDashed(at);
  return d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10);
}

function traceCode(region: string, link: string, date: string, serial: number): string {
  const body = `${region}${link}${date}${String(serial % 100000).padStart(5, '0')}`;
  return body + traceCodeCheckDigit(body);
}

function vendorKey(i: number): string {
  return `SH${String(i).padStart(6, '0')}`;
}

function vendorCreditCode(i: number): string {
  let org = 'MA';
  let n = i * 7919 + 13;
  for (let k = 0; k < 7; k++) {
    org += CREDIT_ALPHABET[n % 31];
    n = Math.floor(n / 31) + k * 3;
  }
  const body = `92${MARKET_REGION}${org}`;
  return body + creditCodeCheckChar(body);
}

function vendorRow(seq: number): string[] {
  return [
    String(seq),
    vendorKey(seq),
    `A-${String(seq % 30).padStart(2, '0')}`,
    `城关区第${seq}号摊位经营部`,
    '统一社会信用代码',
    `\t${vendorCreditCode(seq)}`,
    `139${String(10_000_000 + seq).slice(-8)}`,
    '2020-05-12',
  ];
}

function saleRow(seq: number, at: number, vendors: number): string[] {
  const [code, name, centsPerJin] = GOODS[seq % GOODS.length]!;
  const jin = seq % 2 === 0;
  const quantity = 50 + ((seq * 7919) % 1950); // hundredths of the unit
  const price = jin ? centsPerJin : centsPerJin * 2;
  const amount = Math.floor((quantity * price + 50) / 100);
  const vendor = 1 + (seq % vendors);
  const day = yymmdd(at);
  return [
    String(seq),
    `XS${String(seq).padStart(12, '0')}`,
    `A-${String(vendor % 30).padStart(2, '0')}`,
    vendorKey(vendor),
    '',
    code,
    name,
    cents(quantity),
    jin ? '斤' : '公斤',
    cents(price),
    cents(amount),
    beijingDashed(at),
    `\t${traceCode(MARKET_REGION, '05', day, seq)}`,
    `\t${traceCode(ORIGINS[seq % ORIGINS.length]!, '01', yymmdd(at - 86_400_000), seq % 997)}`,
    '0',
  ];
}

function csvLine(fields: readonly string[]): string {
  return fields.map((v) => (/[",\r\n\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',') + '\r\n';
}

export function createMarketStreamSource(opts: MarketStreamOptions): MarketStreamSource {
  const startAt = opts.startAt ?? Date.now();
  const rate = opts.ratePerSecond;
  const sockets = new Set<Socket>();

  const createdAt = (seq: number) => (rate ? startAt + (seq * 1000) / rate : startAt);
  const visibleSales = (now = Date.now()) =>
    rate ? Math.min(opts.sales, Math.max(0, Math.floor(((now - startAt) * rate) / 1000))) : opts.sales;

  function page(stream: string, since: number, limit: number): { columns: string[]; lines: string[]; last: number } {
    const lines: string[] = [];
    if (stream === 'vendors') {
      for (let s = since + 1; s <= Math.min(opts.vendors, since + limit); s++) lines.push(csvLine(vendorRow(s)));
      return { columns: VENDOR_COLUMNS, lines, last: since + lines.length };
    }
    if (stream === 'sales') {
      const end = Math.min(visibleSales(), since + limit);
      for (let s = since + 1; s <= end; s++) lines.push(csvLine(saleRow(s, createdAt(s), opts.vendors)));
      return { columns: SALE_COLUMNS, lines, last: since + lines.length };
    }
    return { columns: ENTRY_COLUMNS, lines, last: since };
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://market.bench');
    const m = /^\/export\/(vendors|entries|sales)$/.exec(url.pathname);
    const text = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${body}\n`);
    };
    if (!m) return text(404, 'unknown stream');
    if (req.headers['x-api-key'] !== opts.apiKey) return text(401, 'invalid api key');
    const since = Number(url.searchParams.get('since') ?? 'x');
    const limit = Number(url.searchParams.get('limit') ?? '1000');
    if (!Number.isSafeInteger(since) || since < 0) return text(400, 'since must be a non-negative integer');
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return text(400, 'limit must be 1..5000');
    const p = page(m[1]!, since, limit);
    const body = iconv.encode(p.columns.join(',') + '\r\n' + p.lines.join(''), 'gb18030');
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=GBK',
      'Content-Length': String(body.length),
      'X-Next-Since': String(p.last),
      'X-Row-Count': String(p.lines.length),
      'Content-Disposition': `attachment; filename="${m[1]}.csv"`,
    });
    res.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return {
    listen(port = 0) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
    createdAt,
    visibleSales,
  };
}
