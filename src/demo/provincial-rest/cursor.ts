/** What a list cursor stands for: the position after the last record served, and the query it belongs to. */
export interface CursorState {
  /** `gxsj|id` of the last record of the page. */
  pos: string;
  issuedAt: number;
  updatedAfter: string;
  pageSize: number;
  total: number;
  page: number;
  stream: string;
}

/** An opaque string to the consumer (§7.2); base64 like the platform's, so it needs URL-encoding. */
export function encodeCursor(c: CursorState): string {
  return Buffer.from([c.pos, c.issuedAt, c.updatedAfter, c.pageSize, c.total, c.page, c.stream].join('|'), 'utf8').toString('base64');
}

export function decodeCursor(value: string): CursorState | undefined {
  const parts = Buffer.from(value, 'base64').toString('utf8').split('|');
  if (parts.length !== 8) return undefined;
  const [gxsj, id, issuedAt, updatedAfter, pageSize, total, page, stream] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const numbers = [issuedAt, pageSize, total, page].map(Number);
  if (!/^\d{19}$/.test(id) || numbers.some((n) => !Number.isInteger(n))) return undefined;
  return {
    pos: `${gxsj}|${id}`,
    issuedAt: numbers[0]!,
    updatedAfter,
    pageSize: numbers[1]!,
    total: numbers[2]!,
    page: numbers[3]!,
    stream,
  };
}
