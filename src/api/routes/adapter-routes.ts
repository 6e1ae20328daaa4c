import { windowProblem } from '../../adapters/backfill-window';
import { getAdapterRegistration } from '../../db/queries/adapter-registry';
import { recordEvent } from '../../db/queries/events';
import { GatewayError } from '../../errors';
import { send } from '../../queues/send';
import { requestPull } from '../../jobs/schedule';
import { registrationView } from '../adapter-control';
import { actorOf, paramsOf, type ApiDeps, type Handler } from '../deps';
import type { StatusDocument } from './status-routes';

async function registered(deps: ApiDeps, id: string) {
  const row = await getAdapterRegistration(deps.db, id);
  if (!row) throw new GatewayError('TG_ADAPTER_NOT_FOUND', `adapter ${id} is not registered`);
  return row;
}

export function adapterHandlers(deps: ApiDeps, status: () => Promise<StatusDocument>): Record<string, Handler> {
  return {
    listAdapters: async (_req, res) => {
      res.json((await status()).adapters);
    },
    getAdapter: async (_req, res) => {
      const { id } = paramsOf<{ id: string }>(res);
      const row = await registered(deps, id);
      const current = (await status()).adapters.find((a) => a.id === id);
      res.json({
        ...(current ?? { id, kind: row.kind, origin: row.origin, enabled: row.enabled }),
        declaration: row.declaration,
        live: deps.instances.get(id) !== undefined,
      });
    },
    listAdapterKinds: (_req, res) => {
      res.json(
        Object.values(deps.kinds).map((k) => ({
          kind: k.kind,
          streams: k.streams,
          backfillWindow: k.backfillWindow,
          credentialFields: k.credentialFields,
          optionsSchema: k.optionsSchema,
        })),
      );
    },
    registerAdapter: async (req, res) => {
      res.status(201).json(registrationView(await deps.adapters.register(req.body, actorOf(res))));
    },
    updateAdapter: async (req, res) => {
      res.json(registrationView(await deps.adapters.update(paramsOf<{ id: string }>(res).id, req.body, actorOf(res))));
    },
    deleteAdapter: async (_req, res) => {
      res.json(registrationView(await deps.adapters.remove(paramsOf<{ id: string }>(res).id, actorOf(res))));
    },
    enableAdapter: async (_req, res) => {
      res.json(registrationView(await deps.adapters.setEnabled(paramsOf<{ id: string }>(res).id, true, actorOf(res))));
    },
    disableAdapter: async (_req, res) => {
      res.json(registrationView(await deps.adapters.setEnabled(paramsOf<{ id: string }>(res).id, false, actorOf(res))));
    },
    testAdapter: async (_req, res) => {
      const { id } = paramsOf<{ id: string }>(res);
      const result = await deps.adapters.check(id);
      await recordEvent(deps.db, { actor: actorOf(res), action: 'adapter:tested', subject: id, details: result });
      res.json(result);
    },
    pullAdapter: async (_req, res) => {
      const { id } = paramsOf<{ id: string }>(res);
      const row = await registered(deps, id);
      if (!row.enabled) throw new GatewayError('TG_CONFLICT', `adapter ${id} is disabled; enable it first`);
      const jobId = await requestPull(deps.boss, id, 'manual');
      if (jobId) deps.notifyQueue?.('pull');
      await recordEvent(deps.db, { actor: actorOf(res), action: 'adapter:pull-requested', subject: id, details: { jobId } });
      res.status(202).json({ queued: jobId !== null, jobId, message: jobId ? 'pull queued' : 'a pull of this adapter is already waiting' });
    },
    backfillAdapter: async (req, res) => {
      const { id } = paramsOf<{ id: string }>(res);
      const row = await registered(deps, id);
      const body = req.body as { stream?: string; from: string; until?: string };
      const kind = deps.kinds[row.kind];
      if (body.stream && !kind?.streams[body.stream]) {
        throw new GatewayError(
          'TG_REQUEST_INVALID',
          `body /stream: "${body.stream}" is not a stream of kind ${row.kind} (${Object.keys(kind?.streams ?? {}).join(', ')})`,
        );
      }
      const problem = kind ? windowProblem(kind.backfillWindow, body) : undefined;
      if (problem) throw new GatewayError('TG_REQUEST_INVALID', `body /${problem.bound}: ${problem.message} (kind ${row.kind})`);
      const payload = {
        adapterId: id,
        from: body.from,
        requestedBy: actorOf(res).name,
        ...(body.stream ? { stream: body.stream } : {}),
        ...(body.until ? { until: body.until } : {}),
      };
      const jobId = await send(deps.boss, 'backfill', payload);
      if (jobId) deps.notifyQueue?.('backfill');
      await recordEvent(deps.db, {
        actor: actorOf(res),
        action: 'adapter:backfill-requested',
        subject: id,
        details: { ...payload, jobId },
      });
      res.status(202).json({ queued: jobId !== null, jobId, message: jobId ? 'backfill queued' : 'the backfill could not be queued' });
    },
  };
}
