import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody } from './body';
import { sendJson } from './respond';
import type { FaultConfig, MockSummary } from './types';

export interface AdminDeps {
  faults(): FaultConfig;
  setFaults(faults: FaultConfig): void;
  summary(): MockSummary;
}

/** `GET/PUT /admin/faults`, `GET /admin/summary`: operator controls outside the platform API. */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, pathname: string, deps: AdminDeps) {
  if (pathname === '/admin/summary' && req.method === 'GET') return sendJson(res, 200, deps.summary());
  if (pathname === '/admin/faults' && req.method === 'GET') return sendJson(res, 200, deps.faults());
  if (pathname === '/admin/faults' && req.method === 'PUT') {
    const raw = await readRawBody(req, 1024 * 1024);
    if (!raw.ok) return sendJson(res, 413, { code: 'E1002', message: 'fault config too large' }, { Connection: 'close' });
    try {
      deps.setFaults(JSON.parse(raw.bytes.toString('utf8')) as FaultConfig);
    } catch (err) {
      return sendJson(res, 400, { code: 'E1000', message: err instanceof Error ? err.message : 'invalid fault config' });
    }
    return sendJson(res, 200, deps.faults());
  }
  return sendJson(res, 404, { code: 'E1004', message: 'unknown admin endpoint' });
}
