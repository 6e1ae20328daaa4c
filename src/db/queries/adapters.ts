import type { AdapterDeclaration } from '../../adapters/types';
import type { Queryable } from '../pool';

export async function upsertAdapter(db: Queryable, decl: AdapterDeclaration, origin: 'config' | 'demo' | 'api'): Promise<void> {
  await db.query(
    `INSERT INTO adapters (id, kind, origin, declaration, enabled) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, origin = EXCLUDED.origin, declaration = EXCLUDED.declaration,
            enabled = EXCLUDED.enabled, updated_at = now()`,
    [decl.id, decl.kind, origin, JSON.stringify(decl), decl.enabled !== false],
  );
}

export async function listApiAdapters(db: Queryable): Promise<AdapterDeclaration[]> {
  const r = await db.query(`SELECT declaration FROM adapters WHERE origin = 'api' ORDER BY id`);
  return r.rows.map((row) => row.declaration as AdapterDeclaration);
}

export async function adapterEnabled(db: Queryable, id: string): Promise<boolean | undefined> {
  const r = await db.query('SELECT enabled FROM adapters WHERE id = $1', [id]);
  return r.rows[0]?.enabled as boolean | undefined;
}

export async function startPull(db: Queryable, adapterId: string, mode: string, windowSpec?: unknown): Promise<number> {
  // A disabled adapter stays 'stopped' while a pull begun before the disable runs to its end.
  await db.query(
    `UPDATE adapters SET state = CASE WHEN enabled THEN 'pulling' ELSE 'stopped' END, last_pull_at = now(), updated_at = now()
      WHERE id = $1`,
    [adapterId],
  );
  const r = await db.query('INSERT INTO pulls (adapter_id, mode, window_spec) VALUES ($1, $2, $3) RETURNING id', [
    adapterId,
    mode,
    windowSpec === undefined ? null : JSON.stringify(windowSpec),
  ]);
  return r.rows[0].id as number;
}

export async function finishPull(
  db: Queryable,
  p: { pullId: number; adapterId: string; outcome: 'ok' | 'failed' | 'partial'; error: string | null; configFailure: boolean },
): Promise<void> {
  await db.query('UPDATE pulls SET finished_at = now(), outcome = $2, error = $3 WHERE id = $1', [p.pullId, p.outcome, p.error]);
  await db.query(
    `UPDATE adapters SET
        state = CASE WHEN NOT enabled THEN 'stopped' WHEN $2 = 'ok' THEN 'idle' ELSE 'failing' END,
        last_outcome = $2,
        last_success_at = CASE WHEN $2 = 'ok' THEN now() ELSE last_success_at END,
        last_error = CASE WHEN $3::text IS NULL THEN last_error ELSE $3 END,
        last_error_at = CASE WHEN $3::text IS NULL THEN last_error_at ELSE now() END,
        consecutive_failures = CASE WHEN $2 = 'ok' THEN 0 ELSE consecutive_failures + 1 END,
        updated_at = now()
      WHERE id = $1`,
    [p.adapterId, p.outcome, p.error],
  );
}
