import type { Queryable } from '../pool';
import { dailyRecordCounts } from './counters';

/** What the gateway recorded as accepted/duplicate per interface on a Beijing date (delivery time), from the kept daily counts. */
export async function gatewayCountsOn(db: Queryable, date: string): Promise<Map<string, { accepted: number; duplicate: number }>> {
  const out = new Map<string, { accepted: number; duplicate: number }>();
  for (const row of await dailyRecordCounts(db, date)) {
    const cur = out.get(row.interface) ?? { accepted: 0, duplicate: 0 };
    if (row.state === 'accepted') cur.accepted += row.n;
    else if (row.state === 'duplicate') cur.duplicate += row.n;
    else continue;
    out.set(row.interface, cur);
  }
  return out;
}

export interface ReconciliationRow {
  date: string;
  interface: string;
  gatewayAccepted: number;
  gatewayDuplicate: number;
  platformAccepted: number | null;
  platformDuplicate: number | null;
  difference: number | null;
  status: 'match' | 'difference' | 'unavailable';
  error: string | null;
}

export async function saveReconciliation(db: Queryable, row: ReconciliationRow): Promise<void> {
  await db.query(
    `INSERT INTO reconciliations (date, interface, gateway_accepted, gateway_duplicate, platform_accepted, platform_duplicate, difference, status, error, checked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
     ON CONFLICT (date, interface) DO UPDATE SET gateway_accepted = $3, gateway_duplicate = $4, platform_accepted = $5,
       platform_duplicate = $6, difference = $7, status = $8, error = $9, checked_at = now()`,
    [
      row.date,
      row.interface,
      row.gatewayAccepted,
      row.gatewayDuplicate,
      row.platformAccepted,
      row.platformDuplicate,
      row.difference,
      row.status,
      row.error,
    ],
  );
}

export async function recentReconciliations(db: Queryable, days: number): Promise<ReconciliationRow[]> {
  const r = await db.query(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, interface, gateway_accepted, gateway_duplicate, platform_accepted, platform_duplicate, difference, status, error, checked_at
       FROM reconciliations WHERE date > current_date - $1::int ORDER BY date DESC, interface LIMIT 1000`,
    [days],
  );
  return r.rows.map((x) => ({
    date: x.date,
    interface: x.interface,
    gatewayAccepted: x.gateway_accepted,
    gatewayDuplicate: x.gateway_duplicate,
    platformAccepted: x.platform_accepted,
    platformDuplicate: x.platform_duplicate,
    difference: x.difference,
    status: x.status,
    error: x.error,
  }));
}
