import { parseRetryAfter } from '../../../src/common/retry-after';
import { PageError, SourceError } from '../../../src/adapters/errors';
import { resolveCallOptions } from '../../../src/adapters/toolkit/call-options';
import { createPacer } from '../../../src/adapters/toolkit/pacer';
import { withRetry } from '../../../src/adapters/toolkit/retry';
import type {
  AdapterDeclaration,
  AdapterDeps,
  CheckResult,
  Page,
  RawRecord,
  ReadRequest,
  SourceAdapter,
} from '../../../src/adapters/types';
import { JSONL_FEED_CALLS, type JsonlFeedOptions } from './options';

/**
 * A JSON-lines feed: `GET {baseUrl}/feed/{stream}?after={seq}&limit={n}` answers one JSON object per
 * line, ordered by a growing `seq`, each with a stable `id`. The adapter persists nothing: it yields
 * pages and the position after each one; the pipeline stores both in one transaction.
 */
export function createJsonlFeedAdapter(decl: AdapterDeclaration<JsonlFeedOptions>, deps: AdapterDeps): SourceAdapter {
  const pageSize = decl.options.pageSize ?? 200;
  const calls = resolveCallOptions(decl.options, JSONL_FEED_CALLS);
  const pace = createPacer(calls.requestsPerSecond);
  const now = deps.now ?? Date.now;

  /** One request, repeated after transient failures as `options.retry` says. */
  function fetchLines(stream: string, after: number, limit: number, signal: AbortSignal): Promise<string[]> {
    const url = new URL(`feed/${encodeURIComponent(stream)}`, decl.baseUrl.endsWith('/') ? decl.baseUrl : `${decl.baseUrl}/`);
    url.searchParams.set('after', String(after));
    url.searchParams.set('limit', String(limit));
    return withRetry(calls.retry, { signal }, async () => {
      await pace(signal);
      const res = await deps.http.request({
        method: 'GET',
        url: url.toString(),
        headers: { authorization: `Bearer ${deps.secret(decl.credentials.token!)}` },
        timeoutMs: calls.timeoutMs,
        maxResponseBytes: calls.maxResponseBytes,
        signal,
      });
      if (res.status === 401 || res.status === 403)
        throw new SourceError('config', 'TG_SOURCE_AUTH', `the feed refused the token (HTTP ${res.status})`);
      if (res.status === 429 || res.status >= 500) {
        throw new SourceError(
          'transient',
          'TG_SOURCE_UNAVAILABLE',
          `the feed answered HTTP ${res.status}`,
          parseRetryAfter(res.headers['retry-after'], now()),
        );
      }
      if (res.status !== 200) throw new PageError('UNEXPECTED_RESPONSE', `the feed answered HTTP ${res.status}`);
      return res.body
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
    });
  }

  function toRecord(line: string, n: number): RawRecord & { seq: number } {
    let row: { seq?: unknown; id?: unknown };
    try {
      row = JSON.parse(line) as { seq?: unknown; id?: unknown };
    } catch {
      throw new PageError('MALFORMED_BODY', `line ${n + 1} is not JSON`);
    }
    if (typeof row.seq !== 'number' || row.id === undefined) throw new PageError('MALFORMED_BODY', `line ${n + 1} has no seq or id`);
    // Zero-padded so the ordering key sorts as text in the order of the source.
    return { sourceKey: String(row.id), payload: row, rawText: line, orderingKey: String(row.seq).padStart(15, '0'), seq: row.seq };
  }

  return {
    id: decl.id,

    async check(signal: AbortSignal): Promise<CheckResult> {
      try {
        await fetchLines(Object.keys(decl.streams)[0] ?? 'farms', 0, 1, signal);
        return { ok: true };
      } catch (err) {
        return { ok: false, failure: err instanceof SourceError ? err.failure : 'transient', message: (err as Error).message };
      }
    },

    async *read(req: ReadRequest): AsyncIterable<Page> {
      // A backfill window is a range of seq; otherwise go on from the stored cursor (or startFrom).
      let after = Number(req.window?.from ?? req.from?.seq ?? decl.streams[req.stream]?.startFrom ?? 0);
      const until = req.window?.until === undefined ? Infinity : Number(req.window.until);
      for (;;) {
        const records = (await fetchLines(req.stream, after, pageSize, req.signal)).map(toRecord).filter((r) => r.seq < until);
        if (records.length === 0) return;
        after = Math.max(...records.map((r) => r.seq));
        yield { stream: req.stream, records: records.map(({ seq: _seq, ...r }) => r), cursor: { seq: after } };
        if (records.length < pageSize) return;
      }
    },

    async close(): Promise<void> {
      // Nothing to release: the shared HTTP client owns its connections.
    },
  };
}
