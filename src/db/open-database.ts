import type { Config } from '../config';
import type { Logger } from '../log';
import { attachOrStartEmbedded, startEmbeddedPostgres, type EmbeddedServer } from './embedded';

/** Resolves the database: DATABASE_URL, or an embedded server under ./var/pg started with the gateway. */
export async function openDatabase(
  config: Config,
  log: Logger,
  mode: 'own' | 'attach' = 'own',
): Promise<{ url: string; embedded: EmbeddedServer | null }> {
  if (config.database.url) return { url: config.database.url, embedded: null };
  const start = mode === 'attach' ? attachOrStartEmbedded : startEmbeddedPostgres;
  const embedded = await start({ dir: config.database.embedded.dir, port: config.database.embedded.port, log });
  return { url: embedded.url, embedded };
}
