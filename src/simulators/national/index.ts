export { createMockNational } from './server';
export { checkFaultConfig } from './faults';
export { MOCK_QUIRKS, FAULT_KINDS } from './types';
export type {
  AcceptEvent,
  FaultConfig,
  FaultKind,
  MockClient,
  MockNational,
  MockNationalOptions,
  MockQuirk,
  MockSummary,
  RecordCounts,
  StoredRecordView,
} from './types';
