import { isCodeListName, type CodeLists } from '../../national/codelists';
import { NATIONAL_INTERFACES, isNationalInterface, type NationalInterface } from '../../national/types';
import type { MockState } from './state';
import { wireError, type WireError } from './wire-error';

/** A route of the platform under `/ntp/v1` (§3, §4). */
export type Route =
  | { kind: 'upload'; iface: NationalInterface }
  | { kind: 'receipt'; receiptId: string }
  | { kind: 'record'; iface: NationalInterface; recordId: string }
  | { kind: 'stats'; date: string | null }
  | { kind: 'codelist'; name: string };

export const BASE_PATH = '/ntp/v1';

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Resolves a request target; undefined for anything that is no endpoint of the spec. */
export function parseRoute(method: string, target: string): Route | undefined {
  const [pathname, search = ''] = target.split(/\?(.*)/s);
  if (!pathname.startsWith(`${BASE_PATH}/`)) return undefined;
  const parts = pathname
    .slice(BASE_PATH.length + 1)
    .split('/')
    .map(decode);
  if (parts.some((p) => p === undefined || p === '')) return undefined;
  const [a, b, c] = parts as string[];
  if (method === 'POST') {
    return parts.length === 2 && b === 'batch' && isNationalInterface(a) ? { kind: 'upload', iface: a } : undefined;
  }
  if (method !== 'GET') return undefined;
  if (parts.length === 1 && a === 'stats') return { kind: 'stats', date: new URLSearchParams(search).get('date') };
  if (parts.length === 2 && a === 'receipts') return { kind: 'receipt', receiptId: b };
  if (parts.length === 2 && a === 'codelists') return { kind: 'codelist', name: b };
  if (parts.length === 3 && b === 'records' && isNationalInterface(a)) return { kind: 'record', iface: a, recordId: c };
  return undefined;
}

function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

export interface QueryContext {
  appKey: string;
  state: MockState;
  codeLists: CodeLists;
  statsInUtc: boolean;
  /** The deliberate defect of serving entries with only code and label. */
  dropCodeListAttributes: boolean;
}

const notFound = (what: string) => wireError(404, 'E1404', `${what} not found`);

/** §4: the answer body (object or ready-made JSON text) or a whole-request error. */
export function answerQuery(route: Exclude<Route, { kind: 'upload' }>, ctx: QueryContext): { body: unknown } | WireError {
  switch (route.kind) {
    case 'receipt': {
      const receipt = ctx.state.receipt(ctx.appKey, route.receiptId);
      return receipt ? { body: receipt } : notFound('receipt');
    }
    case 'record': {
      const stored = ctx.state.record(ctx.appKey, route.iface, route.recordId);
      if (!stored) return notFound('record');
      // Spliced as text so the record comes back with its scalars as they were written.
      const text = `{"code":"0","record":${stored.canonical},"version":${stored.version},"receivedAt":${JSON.stringify(stored.receivedAt)}}`;
      return { body: text };
    }
    case 'stats': {
      if (route.date === null || !isCalendarDate(route.date)) return wireError(400, 'E1000', 'date must be YYYY-MM-DD');
      const counts = ctx.state.stats(ctx.appKey, route.date, ctx.statsInUtc);
      const ordered = Object.fromEntries(NATIONAL_INTERFACES.map((i) => [i, counts[i]]));
      return { body: { code: '0', date: route.date, counts: ordered } };
    }
    case 'codelist': {
      if (!isCodeListName(route.name)) return notFound('code list');
      const list = ctx.codeLists.list(route.name);
      // §7.19: entries carry every attribute of the published list (meat, labelEn, group, order, …).
      const entries = ctx.dropCodeListAttributes ? list.entries.map((e) => ({ code: e.code, label: e.label })) : list.entries;
      return { body: { code: '0', name: list.name, version: list.version, entries } };
    }
  }
}
