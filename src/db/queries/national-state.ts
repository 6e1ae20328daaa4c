import type { Queryable } from '../pool';

export interface NationalStateRow {
  appKey: string;
  paused: boolean;
  pausedReason: string | null;
  pausedAt: Date | null;
  lastOkAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export async function readNationalState(db: Queryable, appKey: string): Promise<NationalStateRow> {
  const r = await db.query({ name: 'national-state-read', text: 'SELECT * FROM national_state WHERE app_key = $1', values: [appKey] });
  const row = r.rows[0];
  if (!row) return { appKey, paused: false, pausedReason: null, pausedAt: null, lastOkAt: null, lastError: null, lastErrorAt: null };
  return {
    appKey,
    paused: row.paused,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
    lastOkAt: row.last_ok_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
  };
}

export async function noteNationalOk(db: Queryable, appKey: string): Promise<void> {
  await db.query(
    `INSERT INTO national_state (app_key, last_ok_at, updated_at) VALUES ($1, now(), now())
     ON CONFLICT (app_key) DO UPDATE SET last_ok_at = now(), updated_at = now()`,
    [appKey],
  );
}

export async function noteNationalError(db: Queryable, appKey: string, error: string): Promise<void> {
  await db.query(
    `INSERT INTO national_state (app_key, last_error, last_error_at, updated_at) VALUES ($1, $2, now(), now())
     ON CONFLICT (app_key) DO UPDATE SET last_error = $2, last_error_at = now(), updated_at = now()`,
    [appKey, error],
  );
}

/** Pauses (E2001/E2004) or resumes delivery for a credential; returns true when the state changed. */
export async function setPaused(db: Queryable, appKey: string, paused: boolean, reason: string | null): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO national_state (app_key, paused, paused_reason, paused_at, updated_at) VALUES ($1, $2, $3, CASE WHEN $2 THEN now() END, now())
     ON CONFLICT (app_key) DO UPDATE SET paused = $2, paused_reason = $3, paused_at = CASE WHEN $2 THEN now() END, updated_at = now()
       WHERE national_state.paused IS DISTINCT FROM $2
     RETURNING app_key`,
    [appKey, paused, reason],
  );
  return (r.rowCount ?? 0) > 0;
}
