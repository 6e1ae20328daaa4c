import { getQuarantineEntry, summarizeOpenQuarantine } from '../../db/queries/quarantine-admin';
import { countOpenQuarantine, listOpenQuarantine, type QuarantineFilter } from '../../db/queries/quarantine-list';
import { GatewayError } from '../../errors';
import { cursorId, actorOf, paramsOf, queryOf, type ApiDeps, type Handler } from '../deps';
import { maskPersonalData } from '../mask';
import { editQuarantinedRecord, replayForOperator, type QuarantineActionDeps } from '../quarantine-actions';

function filterOf(q: Record<string, any>): Omit<QuarantineFilter, 'ids' | 'upToId'> {
  return { adapterId: q.adapterId, interface: q.interface, stream: q.stream, reason: q.reason, stage: q.stage, since: q.since, until: q.until };
}

export function quarantineHandlers(deps: ApiDeps): Record<string, Handler> {
  const actions: QuarantineActionDeps = {
    db: deps.db, boss: deps.boss, instances: deps.instances, pipeline: deps.pipeline, limits: deps.limits, notifyDeliver: deps.notifyDeliver,
  };
  return {
    listQuarantine: async (_req, res) => {
      const q = queryOf(res);
      const filter = filterOf(q);
      const [rows, total] = await Promise.all([listOpenQuarantine(deps.db, filter, cursorId(q.cursor) ?? 0, q.limit + 1), countOpenQuarantine(deps.db, filter)]);
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
      res.json(await replayForOperator(actions, req.body, actorOf(res)));
    },
  };
}
