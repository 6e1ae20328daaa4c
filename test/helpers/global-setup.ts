import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded';
import { silentLogger } from '../../src/log';

let server: EmbeddedServer | null = null;

/** Tests use DATABASE_URL when set; otherwise one embedded PostgreSQL for the whole run. */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    server = await startEmbeddedPostgres({ dir: path.resolve('var/test-pg'), port: Number(process.env.TEST_PG_PORT ?? 54339), log: silentLogger() });
    url = server.url;
  }
  process.env.TEST_DATABASE_URL = url;
  project.provide('databaseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
