import { getQuarantineEntry, summarizeOpenQuarantine } from '../../db/queries/quarantine-admin';
import { countOpenQuarantine, listOpenQuarantine, type QuarantineFilter } from '../../db/queries/quarantine-list';
import { bossDb, withTransaction } from '../../db/pool';
import { recordEvent } from '../../db/queries/events';
import { getReplayRequest, insertReplayRequest, setReplayJobId, type ReplayRequestRow } from '../../db/queries/replay-requests';
import { GatewayError } from '../../errors';
import { send } from '../../queues/send';
import { cursorId, actorOf, paramsOf, queryOf, type ApiDeps, type Handler } from '../deps';
import { maskPersonalData } from '../mask';
import { editQuarantinedRecord, replayForOperator, type QuarantineActionDeps } from '../quarantine-actions';

function filterOf(q: Record<string, any>): Omit<QuarantineFilter, 'ids' | 'upToId'> {
  return {
    adapterId: q.adapterId,
    interface: q.interface,
    stream: q.stream,
    reason: q.reason,
    stage: q.stage,
    since: q.since,
    until: q.until,
  };
}

function replayView(r: ReplayRequestRow) {
  return {
    id: r.id,
    state: r.state,
    filter: r.filter,
    requestedBy: r.requestedBy,
    total: r.total,
    processed: r.processed,
    outcome: r.outcome,
    error: r.error,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    progressUrl: `/api/replays/${r.id}`,
  };
}

export function quarantineHandlers(deps: ApiDeps): Record<string, Handler> {
  const actions: QuarantineActionDeps = {
    db: deps.db,
    boss: deps.boss,
    instances: deps.instances,
    pipeline: deps.pipeline,
    limits: deps.limits,
    notifyDeliver: deps.notifyDeliver,
  };
  return {
    listQuarantine: async (_req, res) => {
      const q = queryOf(res);
      const filter = filterOf(q);
      const [rows, total] = await Promise.all([
        listOpenQuarantine(deps.db, filter, cursorId(q.cursor) ?? 0, q.limit + 1),
        countOpenQuarantine(deps.db, filter),
      ]);
      const items = rows.slice(0, q.limit);
      res.json(maskPersonalData({ items, nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.id) : null, total }));
    },
    quarantineSummary: async (_req, res) => {
      res.json(await summarizeOpenQuarantine(deps.db, filterOf(queryOf(res))));
    },
    getQuarantineEntry: async (_req, res) => {
      const { id } = paramsOf<{ id: number }>(res);
      const entry = await getQuarantineEntry(deps.db, id);
      if (!entry) throw new GatewayError('TG_NOT_FOUND', `quarantine entry ${id} is not known`);
      const { orderingKey: _o, ...shown } = entry;
      res.json(maskPersonalData(shown));
    },
    editQuarantinedRecord: async (req, res) => {
      const { id } = paramsOf<{ id: number }>(res);
      res.json(await editQuarantinedRecord(actions, id, req.body, actorOf(res)));
    },
    replayQuarantine: async (req, res) => {
      const body = req.body as { ids?: number[]; filter?: Omit<QuarantineFilter, 'ids' | 'upToId'> };
      // A list of ids is bounded (≤ 1000) and answered at once; "all that match" becomes a job.
      if (body.ids) return void res.json(await replayForOperator(actions, body, actorOf(res)));
      const actor = actorOf(res);
      const filter = { ...body.filter } as Record<string, unknown>;
      const row = await withTransaction(deps.db, async (tx) => {
        const created = await insertReplayRequest(tx, filter, actor);
        const jobId = await send(deps.boss, 'replay', { filter, requestedBy: actor.name, requestId: created.id }, { db: bossDb(tx) });
        await setReplayJobId(tx, created.id, jobId);
        await recordEvent(tx, {
          actor,
          action: 'quarantine:replay-requested',
          subject: `replay:${created.id}`,
          details: { filter, jobId },
        });
        return created;
      });
      deps.notifyQueue?.('replay');
      res.status(202).setHeader('Location', `/api/replays/${row.id}`).json(replayView(row));
    },
    getReplayJob: async (_req, res) => {
      const { id } = paramsOf<{ id: number }>(res);
      const row = await getReplayRequest(deps.db, id);
      if (!row) throw new GatewayError('TG_NOT_FOUND', `replay ${id} is not known`);
      res.json(replayView(row));
    },
  };
}
