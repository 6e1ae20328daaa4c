import { withTransaction } from '../../db/pool';
import { recordEvent, type Actor } from '../../db/queries/events';
import { decideRaisedNotice, getRaisedNotice, listRaisedNotices, type RaisedNoticeRow } from '../../db/queries/raised-notices';
import { GatewayError } from '../../errors';
import { closeCaseWithAnswer, recordCaseAction } from '../../notices/cases';
import { caseDetail, listCases } from '../../notices/case-view';
import { buildCaseReport, renderCaseReportHtml } from '../../notices/report';
import { actorOf, paramsOf, queryOf, type ApiDeps, type Handler } from '../deps';
import { maskPersonalData } from '../mask';

function raisedView(r: RaisedNoticeRow) {
  const { bodyText: _t, nextAttemptAt: _n, ...shown } = r;
  return shown;
}

export function noticeHandlers(deps: ApiDeps): Record<string, Handler> {
  const soon = () => void deps.notices?.requestRound().catch(() => undefined);
  const report = async (noticeId: string) => {
    const r = await buildCaseReport(deps.db, noticeId);
    if (!r) throw new GatewayError('TG_NOT_FOUND', `notice ${noticeId} is not known`);
    return r;
  };
  return {
    listNotices: async (_req, res) => {
      const q = queryOf(res);
      res.json(maskPersonalData(await listCases(deps.db, { state: q.state, origin: q.origin, traceCode: q.traceCode, limit: q.limit })));
    },
    getNoticeCase: async (_req, res) => {
      const { noticeId } = paramsOf<{ noticeId: string }>(res);
      const d = await caseDetail(deps.db, noticeId);
      if (!d) throw new GatewayError('TG_NOT_FOUND', `notice ${noticeId} is not known`);
      res.json(maskPersonalData(d));
    },
    recordNoticeAction: async (req, res) => {
      const { noticeId } = paramsOf<{ noticeId: string }>(res);
      const row = await recordCaseAction(deps.db, noticeId, req.body, actorOf(res), { isUnit: deps.notices?.isUnit });
      soon();
      res.status(201).json(maskPersonalData(row));
    },
    closeNoticeCase: async (req, res) => {
      const { noticeId } = paramsOf<{ noticeId: string }>(res);
      const closed = await closeCaseWithAnswer(deps.db, noticeId, actorOf(res), {
        note: (req.body as { note?: string } | undefined)?.note,
      });
      soon();
      res.json({
        noticeId,
        responseId: closed.answer.responseId,
        status: closed.answer.status,
        findings: closed.answer.findings?.length ?? 0,
        pending: closed.chain.pending.length,
      });
    },
    getNoticeReport: async (_req, res) => {
      res.json(await report(paramsOf<{ noticeId: string }>(res).noticeId));
    },
    getNoticeReportPage: async (_req, res) => {
      const html = renderCaseReportHtml(await report(paramsOf<{ noticeId: string }>(res).noticeId));
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      res.type('html').send(html);
    },
    listRaisedNotices: async (_req, res) => {
      const q = queryOf(res);
      res.json(maskPersonalData((await listRaisedNotices(deps.db, { state: q.state, limit: q.limit })).map(raisedView)));
    },
    confirmRaisedNotice: async (_req, res) => {
      const { clientNoticeId } = paramsOf<{ clientNoticeId: string }>(res);
      res.json(maskPersonalData(raisedView(await decide(deps, clientNoticeId, 'confirmed', actorOf(res)))));
      soon();
    },
    dismissRaisedNotice: async (_req, res) => {
      const { clientNoticeId } = paramsOf<{ clientNoticeId: string }>(res);
      res.json(maskPersonalData(raisedView(await decide(deps, clientNoticeId, 'dismissed', actorOf(res)))));
    },
  };
}

async function decide(deps: ApiDeps, clientNoticeId: string, to: 'confirmed' | 'dismissed', actor: Actor): Promise<RaisedNoticeRow> {
  return withTransaction(deps.db, async (tx) => {
    const row = await decideRaisedNotice(tx, clientNoticeId, to, actor.name);
    if (!row) {
      const existing = await getRaisedNotice(tx, clientNoticeId);
      if (!existing) throw new GatewayError('TG_NOT_FOUND', `raised notice ${clientNoticeId} is not known`);
      throw new GatewayError('TG_CONFLICT', `raised notice ${clientNoticeId} is ${existing.state}, not proposed`);
    }
    await recordEvent(tx, {
      actor,
      action: to === 'confirmed' ? 'notice:raise-confirmed' : 'notice:raise-dismissed',
      subject: clientNoticeId,
      details: { evidence: row.evidenceRecord },
    });
    return row;
  });
}
