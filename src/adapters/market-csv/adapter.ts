import { isValidCreditCode } from '../../national/check-characters';
import { PageError, SourceError } from '../errors';
import { createPacer } from '../toolkit/pacer';
import { withRetry } from '../toolkit/retry';
import { sleep as realSleep, type Sleep } from '../toolkit/sleep';
import type { AdapterDeclaration, AdapterDeps, CheckResult, Page, ReadRequest, SourceAdapter } from '../types';
import { createMarketClient } from './client';
import { parseSequence } from './csv';
import { DEFAULT_LOOKBACK_ROWS, resolveMarketOptions, type MarketOptions } from './options';
import { fetchExportPage } from './page';
import { marketStream, RevisionTracker, toRawRecord, type MarketStream } from './streams';

/** Seams for tests: the wait between retries and between paced requests, and the backoff's jitter. */
export interface MarketInternals {
  sleep?: Sleep;
  random?: () => number;
}

interface StartPosition {
  since: number;
  /** The cursor never goes below this (the stored cursor): a lookback re-read does not move it back. */
  floor: number;
  /** Backfill only: the last 同步序号 included. */
  until?: number;
}

function sequenceOrThrow(value: unknown, what: string): number {
  const n = typeof value === 'number' ? (Number.isSafeInteger(value) && value >= 0 ? value : null) : parseSequence(String(value ?? ''));
  if (n === null)
    throw new SourceError('config', 'TG_SOURCE_BAD_POSITION', `${what} must be a non-negative integer 同步序号, got "${String(value)}"`);
  return n;
}

/**
 * Where a read starts (§5.10, §7.1): a backfill at its window's `from` (a `since`, exclusive) up to
 * `until` (inclusive); a stored cursor `{seq}` at max(0, seq − lookback); otherwise at the
 * stream's `startFrom` sequence, or 0.
 */
export function startPosition(req: ReadRequest, lookbackRows: number, startFrom: string | undefined): StartPosition {
  if (req.window) {
    const since = sequenceOrThrow(req.window.from, 'the backfill window start');
    const until = req.window.until === undefined ? undefined : sequenceOrThrow(req.window.until, 'the backfill window end');
    return { since, floor: 0, until };
  }
  if (req.from) {
    const seq = sequenceOrThrow(req.from.seq, 'the stored cursor seq');
    return { since: Math.max(0, seq - lookbackRows), floor: seq };
  }
  const since = startFrom === undefined ? 0 : sequenceOrThrow(startFrom, 'startFrom (a market stream starts from a 同步序号)');
  return { since, floor: since };
}

export function createMarketAdapter(
  decl: AdapterDeclaration<MarketOptions>,
  deps: AdapterDeps,
  internals: MarketInternals = {},
): SourceAdapter {
  const options = resolveMarketOptions(decl.options);
  const now = deps.now ?? Date.now;
  const sleep = internals.sleep ?? realSleep;
  const pace = createPacer(options.requestsPerSecond, sleep);
  const random = internals.random ?? Math.random;
  const apiKeyRef = decl.credentials.apiKey;
  let client: ReturnType<typeof createMarketClient> | undefined;

  /** Built on first use, so a missing secret fails the read (config), not the construction. */
  function marketClient() {
    if (!client) {
      if (!apiKeyRef) throw new SourceError('config', 'TG_SOURCE_AUTH', 'credential apiKey is not declared');
      let apiKey: string;
      try {
        apiKey = deps.secret(apiKeyRef);
      } catch (err) {
        throw new SourceError('config', 'TG_SOURCE_AUTH', (err as Error).message);
      }
      client = createMarketClient({
        http: deps.http,
        baseUrl: decl.baseUrl,
        apiKey,
        timeoutMs: options.timeoutMs,
        maxResponseBytes: options.maxResponseBytes,
        now,
      });
    }
    return client;
  }

  function streamOrThrow(name: string): MarketStream {
    const stream = marketStream(name);
    if (!stream)
      throw new SourceError('config', 'TG_SOURCE_UNKNOWN_STREAM', `market-csv has no stream "${name}" (vendors, entries, sales)`);
    return stream;
  }

  async function* read(req: ReadRequest): AsyncGenerator<Page> {
    const stream = streamOrThrow(req.stream);
    const streamDecl = decl.streams?.[stream.name] ?? {};
    const start = startPosition(req, streamDecl.lookbackRows ?? DEFAULT_LOOKBACK_ROWS, streamDecl.startFrom);
    const tracker = new RevisionTracker();
    const limit = options.limit;
    let since = start.since;
    for (;;) {
      const page = await withRetry(
        options.retry,
        { signal: req.signal, sleep, random, onRetry: (err, n, ms) => logRetry(stream.name, since, err, n, ms) },
        async () => {
          await pace(req.signal);
          return fetchExportPage(marketClient(), stream, since, limit, req.signal);
        },
      );
      const pageEnd = page.rows.length > 0 ? page.nextSince : since;
      const rows = start.until === undefined ? page.rows : page.rows.filter((r) => r.seq <= start.until!);
      yield {
        stream: stream.name,
        records: rows.map((row) => toRawRecord(stream, row, tracker)),
        cursor: { seq: Math.max(start.floor, pageEnd) },
        meta: page.meta,
        warnings: page.warnings.length > 0 ? page.warnings : undefined,
      };
      if (page.rows.length < limit) return;
      if (start.until !== undefined && pageEnd >= start.until) return;
      since = pageEnd;
    }
  }

  function logRetry(stream: string, since: number, err: unknown, failures: number, delayMs: number): void {
    const code = err instanceof PageError || err instanceof SourceError ? err.code : 'error';
    deps.log.warn('market export page failed; retrying', {
      event: 'source:retry',
      stream,
      since,
      failures,
      delayMs,
      code,
      error: (err as Error).message,
    });
  }

  async function check(signal: AbortSignal): Promise<CheckResult> {
    if (!isValidCreditCode(options.marketCode)) {
      return {
        ok: false,
        failure: 'config',
        message: `options.marketCode ${options.marketCode} has a wrong check character (national §6.2)`,
      };
    }
    try {
      await fetchExportPage(marketClient(), streamOrThrow('vendors'), 0, 1, signal);
      return { ok: true };
    } catch (err) {
      if (err instanceof SourceError) return { ok: false, failure: err.failure, message: err.message };
      if (err instanceof PageError) return { ok: false, failure: 'transient', message: err.message };
      return { ok: false, failure: 'system', message: (err as Error).message };
    }
  }

  return { id: decl.id, check, read, close: async () => undefined };
}
