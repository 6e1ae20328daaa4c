import type { Role } from '../db/queries/tokens';

export type { Role };

/** Roles from least to most privileged; each role can do everything the ones before it can. */
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** What a route needs: no token at all, or at least this role. */
export type Access = 'public' | Role;

export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}
