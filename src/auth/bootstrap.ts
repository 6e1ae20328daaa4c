import { withTransaction, type Db } from '../db/pool';
import { countActiveAdmins, findActiveToken, insertToken, lockTokenBootstrap, revokeBootstrapTokens } from '../db/queries/tokens';
import { recordEvent } from '../db/queries/events';
import { registerSecret, type Logger } from '../log';
import { generateToken, hashToken } from './token-secret';

export interface BootstrapOptions {
  /** ADMIN_TOKEN from the environment, when set. */
  envToken?: string;
  /** Where a generated token is shown, once (stdout; never the log). */
  print(line: string): void;
  log: Logger;
}

export type BootstrapOutcome = 'env-present' | 'env-installed' | 'generated' | 'admin-exists';

/**
 * Makes sure an admin can reach the API. With ADMIN_TOKEN set, that token is an admin token (a changed
 * value replaces the previous one). Otherwise, when no admin token exists, one is generated and printed
 * once. Several processes starting together are serialised, so only one prints.
 */
export async function bootstrapAdminToken(db: Db, opts: BootstrapOptions): Promise<BootstrapOutcome> {
  const envToken = opts.envToken?.trim();
  if (envToken) {
    if (envToken.length < 16) throw new Error('ADMIN_TOKEN must be at least 16 characters');
    registerSecret(envToken);
    const hash = hashToken(envToken);
    return withTransaction(db, async (tx) => {
      await lockTokenBootstrap(tx);
      if (await findActiveToken(tx, hash)) return 'env-present';
      await revokeBootstrapTokens(tx, 'env');
      await insertToken(tx, { name: 'admin (ADMIN_TOKEN)', role: 'admin', tokenHash: hash, createdBy: 'system', bootstrap: 'env' });
      await recordEvent(tx, { actor: 'system', action: 'token:created', subject: 'admin (ADMIN_TOKEN)', details: { role: 'admin', from: 'ADMIN_TOKEN' } });
      opts.log.info('admin token from ADMIN_TOKEN installed', { event: 'token:bootstrap', from: 'env' });
      return 'env-installed';
    });
  }
  const token = generateToken();
  const outcome = await withTransaction(db, async (tx) => {
    await lockTokenBootstrap(tx);
    if ((await countActiveAdmins(tx)) > 0) return 'admin-exists' as const;
    await insertToken(tx, { name: 'admin (generated)', role: 'admin', tokenHash: hashToken(token), createdBy: 'system', bootstrap: 'generated' });
    await recordEvent(tx, { actor: 'system', action: 'token:created', subject: 'admin (generated)', details: { role: 'admin', from: 'first start' } });
    return 'generated' as const;
  });
  if (outcome === 'generated') {
    opts.print(`trace-gateway: admin API token (shown once, keep it safe; set ADMIN_TOKEN to choose your own): ${token}`);
    registerSecret(token);
    opts.log.info('an admin token was generated and printed once on stdout', { event: 'token:bootstrap', from: 'generated' });
  }
  return outcome;
}
