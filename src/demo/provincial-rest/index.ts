export { createProvincialSimulator } from './server';
export { checkFaults } from './faults';
export { FAULT_NAMES, PROVINCIAL_STREAMS } from './types';
export type {
  CatalogEntry,
  Expected,
  FaultName,
  FaultRule,
  FaultTarget,
  ProvincialFaults,
  ProvincialSimulator,
  ProvincialSimulatorOptions,
  ProvincialStream,
  SimRequest,
} from './types';
