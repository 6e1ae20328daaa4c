import fs from 'node:fs';
import path from 'node:path';
import { withTransaction, type Db } from '../db/pool';
import { recordEvent, SYSTEM_ACTOR } from '../db/queries/events';
import {
  countActiveAdmins,
  findTokenByHash,
  insertToken,
  lockTokenBootstrap,
  revokeBootstrapTokens,
  unusedTokenName,
  type TokenRow,
} from '../db/queries/tokens';
import { GatewayError } from '../errors';
import { registerSecret, type Logger } from '../log';
import { generateToken, hashToken } from './token-secret';

export interface BootstrapOptions {
  /** ADMIN_TOKEN from the environment, when set. */
  envToken?: string;
  /** Where a generated token is written (mode 600); its path, never the token, is printed. */
  tokenFile: string;
  /** Where the path of a generated token's file is shown (stdout). */
  print(line: string): void;
  log: Logger;
}

export type BootstrapOutcome = 'env-present' | 'env-installed' | 'generated' | 'admin-exists';

/** Writes the token readable by this user only, replacing any earlier file at once. */
function writeTokenFile(file: string, token: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

function refuseEnvToken(message: string): never {
  throw new GatewayError('TG_ADMIN_TOKEN_REFUSED', `ADMIN_TOKEN (environment): ${message}`);
}

/** Why a known token cannot be (re)installed as ADMIN_TOKEN, or undefined when it is the active admin bootstrap token. */
function knownTokenProblem(row: TokenRow): string | undefined {
  if (row.revokedAt)
    return `this value was revoked at ${row.revokedAt.toISOString()} (token "${row.name}"); a revoked token is never valid again: set a new value of 16 characters or more`;
  if (row.role !== 'admin') return `this value is the ${row.role} token "${row.name}"; set a value of its own for the admin token`;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return `this value is the expired token "${row.name}"; set a new value`;
  return undefined;
}

/**
 * Makes sure an admin can reach the API. With ADMIN_TOKEN set, that token is an admin token: a new
 * value revokes the previous bootstrap token (rotation); a revoked value is refused with a message.
 * Otherwise, when no admin token exists, one is generated and written to `tokenFile` (mode 600) and
 * the file's path is printed: the token never reaches stdout or the log. Several processes starting
 * together are serialised, so only one generates.
 */
export async function bootstrapAdminToken(db: Db, opts: BootstrapOptions): Promise<BootstrapOutcome> {
  const envToken = opts.envToken?.trim();
  if (envToken) {
    if (envToken.length < 16) refuseEnvToken('must be at least 16 characters');
    registerSecret(envToken);
    const hash = hashToken(envToken);
    return withTransaction(db, async (tx) => {
      await lockTokenBootstrap(tx);
      const known = await findTokenByHash(tx, hash);
      if (known) {
        const problem = knownTokenProblem(known);
        if (problem) refuseEnvToken(problem);
        return 'env-present';
      }
      const replaced = await revokeBootstrapTokens(tx);
      const name = await unusedTokenName(tx, 'admin (ADMIN_TOKEN)');
      const created = await insertToken(tx, { name, role: 'admin', tokenHash: hash, createdBy: 'system', bootstrap: 'env' });
      for (const old of replaced)
        await recordEvent(tx, {
          actor: SYSTEM_ACTOR,
          action: 'token:revoked',
          subject: old.name,
          details: { id: old.id, role: old.role, reason: 'ADMIN_TOKEN changed' },
        });
      await recordEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: 'token:created',
        subject: name,
        details: { id: created.id, role: 'admin', from: 'ADMIN_TOKEN' },
      });
      // A generated token's file holds a revoked token now.
      if (replaced.some((t) => t.bootstrap === 'generated')) fs.rmSync(opts.tokenFile, { force: true });
      opts.log.info('admin token from ADMIN_TOKEN installed', {
        event: 'token:bootstrap',
        from: 'env',
        name,
        revoked: replaced.map((t) => t.name),
      });
      return 'env-installed';
    });
  }
  const token = generateToken();
  const outcome = await withTransaction(db, async (tx) => {
    await lockTokenBootstrap(tx);
    if ((await countActiveAdmins(tx)) > 0) return 'admin-exists' as const;
    const name = await unusedTokenName(tx, 'admin (generated)');
    const created = await insertToken(tx, {
      name,
      role: 'admin',
      tokenHash: hashToken(token),
      createdBy: 'system',
      bootstrap: 'generated',
    });
    await recordEvent(tx, {
      actor: SYSTEM_ACTOR,
      action: 'token:created',
      subject: name,
      details: { id: created.id, role: 'admin', from: 'first start' },
    });
    try {
      writeTokenFile(opts.tokenFile, token);
    } catch (err) {
      throw new GatewayError(
        'TG_ADMIN_TOKEN_REFUSED',
        `the generated admin token cannot be written to ${opts.tokenFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); make the data folder (DATA_DIR) writable, or set ADMIN_TOKEN`,
      );
    }
    return 'generated' as const;
  });
  if (outcome === 'generated') {
    registerSecret(token);
    opts.print(
      `trace-gateway: an admin API token was generated and written to ${opts.tokenFile} (readable by this user only); set ADMIN_TOKEN to choose your own`,
    );
    opts.log.info('an admin token was generated and written to a file', {
      event: 'token:bootstrap',
      from: 'generated',
      file: opts.tokenFile,
    });
  }
  return outcome;
}
