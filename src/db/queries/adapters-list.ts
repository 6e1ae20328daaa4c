import type { AdapterDeclaration } from '../../adapters/types';
import type { Queryable } from '../pool';

/** Every registered adapter declaration (config, demo and API), enabled or not. */
export async function allAdapterDeclarations(
  db: Queryable,
): Promise<Array<{ decl: AdapterDeclaration; enabled: boolean; origin: string }>> {
  const r = await db.query('SELECT declaration, enabled, origin FROM adapters ORDER BY id');
  return r.rows.map((row) => ({
    decl: row.declaration as AdapterDeclaration,
    enabled: row.enabled as boolean,
    origin: row.origin as string,
  }));
}
