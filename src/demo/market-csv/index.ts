export { createMarketSimulator } from './server';
export { checkFaultConfig } from './faults';
export { EXPORT_COLUMNS } from './csv-writer';
export { MARKET_FAULT_KINDS, MARKET_STREAM_NAMES } from './types';
export type {
  CatalogEntry,
  Expected,
  MarketFaultConfig,
  MarketFaultKind,
  MarketSimulator,
  MarketSimulatorOptions,
  MarketSimulatorSummary,
  MarketStreamName,
  ScheduledFault,
} from './types';
