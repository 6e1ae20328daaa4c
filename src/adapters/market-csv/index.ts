import type { AdapterKind } from '../types';
import { createMarketAdapter } from './adapter';
import { marketOptionsSchema, type MarketOptions } from './options';

/**
 * The market traceability-scale system (source-subsystems §3): CSV exports over HTTP GET with a
 * static API key, one sequence (`同步序号`) per stream. Entries and sales name their vendor.
 */
export const marketCsv: AdapterKind<MarketOptions> = {
  kind: 'market-csv',
  streams: {
    vendors: { orderedByCursor: true, interface: 'subjects', referenced: true },
    entries: { orderedByCursor: true, interface: 'entries', correctionField: '更正标志' },
    sales: { orderedByCursor: true, interface: 'trades', correctionField: '更正标志' },
  },
  backfillWindow: { unit: 'sequence', holds: 'rows whose 同步序号 is above from and at most until' },
  optionsSchema: marketOptionsSchema,
  credentialFields: ['apiKey'],
  create: (decl, deps) => createMarketAdapter(decl, deps),
};

export { createMarketAdapter, startPosition, type MarketInternals } from './adapter';
export { MARKET_STREAMS, orderingKeyOf } from './streams';
export { parseExportPage } from './csv';
export { readExportResponse, fetchExportPage } from './page';
export type { MarketOptions } from './options';
