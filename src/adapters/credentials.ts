import { GatewayError } from '../errors';

/**
 * Source credentials are references `env:NAME` to environment variables of the gateway, and only to
 * variables whose name starts with this prefix: a declaration (from a file or the API) cannot read
 * the gateway's own secrets (`NATIONAL_APP_SECRET`, `DATABASE_URL`, `ADMIN_TOKEN`) and send them to
 * a host of its choice.
 */
export const SOURCE_CREDENTIAL_PREFIX = 'TG_SOURCE_';

const SOURCE_CREDENTIAL_REF = new RegExp(`^env:${SOURCE_CREDENTIAL_PREFIX}[A-Za-z0-9_]+$`);

/**
 * The one answer for a credential that cannot be used, whether its name is outside the prefix, or
 * allowed but unset: it says what is accepted and never which variables exist.
 */
export const CREDENTIAL_NOT_USABLE = `is not usable: a source credential must be env:${SOURCE_CREDENTIAL_PREFIX}<NAME>, naming a set, non-empty environment variable of the gateway`;

export function isSourceCredentialRef(ref: string): boolean {
  return SOURCE_CREDENTIAL_REF.test(ref);
}

/** The value of an allowed reference, or undefined (outside the prefix, unset or empty alike). */
export function readSourceCredential(ref: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (!isSourceCredentialRef(ref)) return undefined;
  const value = env[ref.slice(4)];
  return value === undefined || value === '' ? undefined : value;
}

/** readSourceCredential, or TG_CONFIG_SECRET_MISSING with the one message. */
export function requireSourceCredential(ref: string, env: Readonly<Record<string, string | undefined>>): string {
  const value = readSourceCredential(ref, env);
  if (value === undefined) throw new GatewayError('TG_CONFIG_SECRET_MISSING', `credential ${ref.slice(0, 80)} ${CREDENTIAL_NOT_USABLE}`);
  return value;
}
