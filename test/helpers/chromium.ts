import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, sandbox-free headless run in a container (a fresh --user-data-dir is added per launch). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium executable for browser tests: Debian's `chromium` package, installed with apt-get when
 * it is missing and the process runs as root. Returns the path, or the reason the browser tests are
 * skipped when it cannot be installed.
 */
export function ensureChromium(): { path: string } | { skip: string } {
  if (fs.existsSync(CHROMIUM)) return { path: CHROMIUM };
  if (process.getuid?.() !== 0) return { skip: `${CHROMIUM} is missing and installing it needs root (apt-get install chromium)` };
  try {
    execSync('apt-get update && apt-get install -y --no-install-recommends chromium', {
      stdio: 'ignore',
      timeout: 15 * 60 * 1000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (err) {
    return { skip: `installing chromium with apt-get failed: ${(err as Error).message.split('\n')[0]}` };
  }
  return fs.existsSync(CHROMIUM) ? { path: CHROMIUM } : { skip: `apt-get finished but ${CHROMIUM} is still missing` };
}

/**
 * A persistent headless context on a fresh profile. On a loaded machine a first launch can stall, so
 * a second one in a fresh profile is tried; `close()` closes it and removes the profile folder (with
 * retries while Chromium lets go of it).
 */
export async function launchChromium(
  executablePath: string,
  options: Omit<
    NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>,
    'executablePath' | 'headless' | 'args' | 'timeout'
  > = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-chromium-'));
    const remove = () => fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    try {
      const context = await chromium.launchPersistentContext(userDataDir, {
        ...options,
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 60_000,
      });
      return {
        context,
        async close() {
          await context.close();
          remove();
        },
      };
    } catch (err) {
      remove();
      if (attempt === 2) throw err;
    }
  }
}
