import { listEvents } from '../../db/queries/events-list';
import { listNationalRecords } from '../../db/queries/records-list';
import { buildLineage, lineageQueryOf } from '../../trace/lineage';
import { traceChain } from '../../trace/trace-chain';
import { cursorId, paramsOf, queryOf, type ApiDeps, type Handler } from '../deps';
import { maskPersonalData } from '../mask';

/** A keyset page: fetch one more than asked to know whether another page follows. */
function page<T extends { id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
}

export function recordHandlers(deps: ApiDeps): Record<string, Handler> {
  return {
    listRecords: async (_req, res) => {
      const q = queryOf(res);
      const rows = await listNationalRecords(
        deps.db,
        { interface: q.interface, state: q.state, recordId: q.recordId, adapterId: q.adapterId, traceCode: q.traceCode },
        cursorId(q.cursor),
        q.limit + 1,
      );
      res.json(maskPersonalData(page(rows, q.limit)));
    },
    getLineage: async (_req, res) => {
      const q = queryOf(res);
      res.json(maskPersonalData(await buildLineage(deps.db, lineageQueryOf(q), q.limit)));
    },
    traceChain: async (_req, res) => {
      const { traceCode } = paramsOf<{ traceCode: string }>(res);
      res.json(maskPersonalData(await traceChain(deps.db, traceCode, queryOf(res).maxHops)));
    },
    listEvents: async (_req, res) => {
      const q = queryOf(res);
      const rows = await listEvents(
        deps.db,
        { actor: q.actor, action: q.action, subject: q.subject, since: q.since },
        cursorId(q.cursor),
        q.limit + 1,
      );
      res.json(maskPersonalData(page(rows, q.limit)));
    },
  };
}
