import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadBundledCodeLists } from '../../national/codelists';
import type { NationalInterface } from '../../national/types';
import { createValidator, type RecordValidator } from '../../national/validate';
import { handleAdmin } from './admin';
import { authenticate } from './auth';
import { decodeBody, readRawBody } from './body';
import { createFaultPlan } from './faults';
import { openJournal, type Journal } from './journal';
import { handleNoticeAdmin } from './notice-admin';
import { startDemoNotices } from './notice-demo';
import { NoticeStore } from './notice-store';
import { NoticeService, parseNoticeRoute, type NoticeRoute } from './notices';
import { answerQuery, BASE_PATH, parseRoute } from './queries';
import { createCalendarSecondWindow, createNonceStore, createSlidingWindow } from './request-limits';
import { isWireError, sendJson, sendNoticeAnswer, sendWireError } from './respond';
import { MockState } from './state';
import type { MockNational, MockNationalOptions, MockQuirk, MockSummary } from './types';
import { processUpload } from './upload';
import { wireError } from './wire-error';

/** The national platform of the interface specification, strict by default, on a local port. */
export function createMockNational(opts: MockNationalOptions): MockNational {
  const clock = opts.now ?? Date.now;
  const quirks: ReadonlySet<MockQuirk> = new Set(opts.quirks ?? []);
  const clients = new Map(opts.clients.map((c) => [c.appKey, { ...c }]));
  const codeLists = opts.codeLists ?? loadBundledCodeLists();
  const faults = createFaultPlan(opts.faults, opts.faults?.seed ?? opts.seed ?? 1);
  const nonces = createNonceStore();
  const window = quirks.has('calendarSecondRateLimit')
    ? createCalendarSecondWindow(opts.rateLimitPerSecond ?? 20)
    : createSlidingWindow(opts.rateLimitPerSecond ?? 20);
  const validators = new Map<string, RecordValidator>();
  const requests = { total: 0, byStatus: {} as Record<string, number>, faulted: 0 };

  let journal: Journal | undefined;
  let state: MockState;
  if (opts.dataDir) {
    const opened = openJournal(opts.dataDir);
    journal = opened.journal;
    state = new MockState(journal);
    state.replay(opened.entries);
  } else {
    state = new MockState();
  }
  // Notices keep their own journal beside the records' one (§8).
  let noticeJournal: Journal | undefined;
  let noticeStore: NoticeStore;
  if (opts.dataDir) {
    const opened = openJournal(opts.dataDir, 'national-notices.jsonl');
    noticeJournal = opened.journal;
    noticeStore = new NoticeStore(noticeJournal);
    noticeStore.replay(opened.entries);
  } else {
    noticeStore = new NoticeStore();
  }
  const notices = new NoticeService({ store: noticeStore, state, clients, codeLists, quirks, clock });

  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function validatorFor(appKey: string): RecordValidator {
    let v = validators.get(appKey);
    if (!v) {
      v = createValidator({ codeLists, regionScope: clients.get(appKey)!.regionScope });
      validators.set(appKey, v);
    }
    return v;
  }

  function summary(): MockSummary {
    return {
      interfaces: state.totalsByInterface(),
      storedRecords: state.storedCount(),
      receipts: state.receiptCount(),
      requests: { total: requests.total, byStatus: { ...requests.byStatus }, faulted: requests.faulted },
    };
  }

  async function upload(req: IncomingMessage, res: ServerResponse, appKey: string, iface: NationalInterface, raw: Buffer) {
    const fault = faults.nextUploadFault();
    if (fault) requests.faulted++;
    const retryAfterSeconds = faults.retryAfterSeconds();
    if (fault === 'error500') return sendWireError(res, wireError(500, 'E9000', 'platform error'));
    if (fault === 'error503') return sendWireError(res, wireError(503, 'E9001', 'overloaded', retryAfterSeconds));
    if (fault === 'rateLimit429') return sendWireError(res, wireError(429, 'E3001', 'rate limit exceeded', retryAfterSeconds));
    if (fault === 'hang') return; // the socket stays open until the client gives up or the mock closes
    if (fault === 'latency') await sleep(faults.latencyMs());
    if (closed) return;

    const decoded = await decodeBody(req.headers, raw, {
      acceptWrongContentType: quirks.has('acceptWrongContentType'),
      wrongCodeForOversizeBody: quirks.has('wrongCodeForOversizeBody'),
    });
    if (isWireError(decoded)) return sendWireError(res, decoded);
    const outcome = processUpload({ appKey, iface, text: decoded.text, now: clock(), state, validator: validatorFor(appKey), quirks });
    if (isWireError(outcome)) return sendWireError(res, outcome);
    if (fault === 'lostResponse') {
      req.socket.destroy();
      return;
    }
    sendJson(res, 200, outcome.receipt);
  }

  async function notice(req: IncomingMessage, res: ServerResponse, appKey: string, route: NoticeRoute, raw: Buffer) {
    if (route.kind === 'feed') return sendNoticeAnswer(res, notices.feed(appKey, route.search));
    if (route.kind === 'notice') return sendNoticeAnswer(res, notices.getNotice(appKey, route.noticeId));
    const decoded = await decodeBody(req.headers, raw, {
      acceptWrongContentType: quirks.has('acceptWrongContentType'),
      wrongCodeForOversizeBody: quirks.has('wrongCodeForOversizeBody'),
    });
    if (isWireError(decoded)) return sendWireError(res, decoded);
    if (route.kind === 'respond') return sendNoticeAnswer(res, notices.respond(appKey, route.noticeId, decoded.text));
    return sendNoticeAnswer(res, notices.raise(appKey, decoded.text));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const target = req.url ?? '/';
    const pathname = target.split('?')[0];
    if (pathname === '/admin/notices' || pathname.startsWith('/admin/notices/')) return handleNoticeAdmin(req, res, pathname, notices);
    if (pathname.startsWith('/admin/')) return handleAdmin(req, res, pathname, { faults: faults.config, setFaults: faults.set, summary });
    requests.total++;
    res.on('finish', () => {
      requests.byStatus[res.statusCode] = (requests.byStatus[res.statusCode] ?? 0) + 1;
    });

    const raw = await readRawBody(req);
    const maintenanceSeconds = faults.maintenanceSeconds(clock());
    if (maintenanceSeconds !== null) {
      return sendWireError(res, wireError(503, 'E9001', 'platform in maintenance', maintenanceSeconds));
    }
    if (!raw.ok) {
      const err = quirks.has('wrongCodeForOversizeBody')
        ? wireError(400, 'E1000', 'body is not valid')
        : wireError(413, 'E1002', 'body over 4 MiB');
      return sendWireError(res, err, { Connection: 'close' });
    }
    if (!pathname.startsWith(`${BASE_PATH}/`)) return sendWireError(res, wireError(404, 'E1004', 'unknown endpoint'));

    const now = clock();
    const method = req.method ?? 'GET';
    const auth = authenticate(
      { method, target, headers: req.headers, body: raw.bytes, now },
      {
        clients,
        useUpNonce: nonces.useUp,
        acceptBadSignature: quirks.has('acceptBadSignature'),
        ignoreNonceReuse: quirks.has('ignoreNonceReuse'),
        ignoreTimestampSkew: quirks.has('ignoreTimestampSkew'),
        useUpNonceOnBadSignature: quirks.has('useUpNonceOnBadSignature'),
      },
    );
    if (!auth.verified) return sendWireError(res, auth.error);
    // Counted once the caller is known, even if the request then fails on skew or nonce (§7.5).
    const admission = quirks.has('noRateLimit') ? { ok: true as const } : window.admit(auth.client.appKey, now);
    if (auth.error) return sendWireError(res, auth.error);
    if (!admission.ok) {
      return sendWireError(res, wireError(429, 'E3001', 'rate limit exceeded', admission.retryAfterSeconds));
    }

    const noticeRoute = parseNoticeRoute(method, target, BASE_PATH);
    if (noticeRoute) return notice(req, res, auth.client.appKey, noticeRoute, raw.bytes);
    const route = parseRoute(method, target);
    if (!route) return sendWireError(res, wireError(404, 'E1004', 'unknown interface or endpoint'));
    if (route.kind === 'upload') return upload(req, res, auth.client.appKey, route.iface, raw.bytes);
    const answer = answerQuery(route, {
      appKey: auth.client.appKey,
      state,
      codeLists,
      statsInUtc: quirks.has('statsInUtc'),
      dropCodeListAttributes: quirks.has('dropCodeListAttributes'),
    });
    if (isWireError(answer)) return sendWireError(res, answer);
    sendJson(res, 200, answer.body);
  }

  const stopDemoNotices = opts.demoNotices
    ? startDemoNotices({
        service: notices,
        state,
        client: clients.get(opts.demoNotices.appKey),
        firstAfterMs: opts.demoNotices.firstAfterMs,
        tickMs: opts.demoNotices.tickMs,
        clock,
      })
    : undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (closed) return;
      sendJson(res, 500, { code: 'E9000', message: err instanceof Error ? err.message : 'platform error' });
    });
  });

  return {
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
          resolve({ port: address.port, url: `http://${shown}:${address.port}${BASE_PATH}` });
        });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      stopDemoNotices?.();
      journal?.close();
      noticeJournal?.close();
    },
    summary,
    storedRecord: (appKey, iface, recordId) => state.view(appKey, iface, recordId),
    acceptLog: () => state.acceptLog(),
    setFaults: (f) => faults.set(f),
    faults: () => faults.config(),
    notices: {
      issue: (input) => notices.issue(input),
      amend: (noticeId, changes) => notices.amend(noticeId, changes),
      withdraw: (noticeId) => notices.withdraw(noticeId),
      view: (noticeId) => notices.view(noticeId),
      list: () => notices.list(),
    },
  };
}
