import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded';
import { silentLogger } from '../../src/log';

let server: EmbeddedServer | null = null;
let dir: string | null = null;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Tests use DATABASE_URL when set; otherwise an embedded PostgreSQL of their own for the whole run
 * (a folder and port per run, so two test runs on one machine never share or stop each other's server).
 */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    // As root from a folder the postgres user cannot enter, the server keeps its data under /var/lib/trace-gateway.
    server = await startEmbeddedPostgres({
      dir: path.resolve('var/test-pg', String(process.pid)),
      port: await freePort(),
      log: silentLogger(),
    });
    dir = server.dir;
    url = server.url;
  }
  process.env.TEST_DATABASE_URL = url;
  project.provide('databaseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.password`, { force: true });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
