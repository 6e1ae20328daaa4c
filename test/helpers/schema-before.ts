import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, type Db, type Queryable } from '../../src/db/pool';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate';
import { traceLinks } from '../../src/pipeline/trace-links';
import { testDatabaseUrl } from './db';

export interface SchemaBefore {
  schema: string;
  db: Db;
  /** Applies the remaining migrations, as the next start of the gateway does. */
  migrateForward(): Promise<void>;
  /** Closes the pool and drops the schema. */
  drop(): Promise<void>;
}

/** A fresh schema migrated up to, not including, the migration whose file name starts with `migration`. */
export async function schemaBefore(migration: string): Promise<SchemaBefore> {
  const schema = `tg_mig_${randomBytes(5).toString('hex')}`;
  const db = createPool({ url: testDatabaseUrl(), schema, max: 4 });
  const oldDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-migrations-'));
  try {
    for (const f of fs.readdirSync(MIGRATIONS_DIR)) if (f < migration) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(oldDir, f));
    await migrate(db, { schema, dir: oldDir });
  } finally {
    fs.rmSync(oldDir, { recursive: true, force: true });
  }
  return {
    schema,
    db,
    migrateForward: async () => {
      await migrate(db, { schema });
    },
    drop: async () => {
      await db.end();
      const c = new pg.Client({ connectionString: testDatabaseUrl() });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * A national record version (version 1, adapter `a`) as written before the trace-link columns
 * (migrations 0131, 0132): its body and its trace code only, for migration tests to migrate forward.
 */
export function insertVersionWithoutLinks(db: Queryable, iface: string, recordId: string, body: Record<string, unknown>) {
  return db.query(
    `INSERT INTO national_records (interface, record_id, version, body, content_hash, trace_code, adapter_id, source_record_id)
     VALUES ($1, $2, 1, $3, $2, $4, 'a', 1)`,
    [iface, recordId, JSON.stringify({ recordId, version: 1, ...body }), traceLinks(iface, body).traceCode],
  );
}
