export { createMockNational } from './server';
export { checkFaultConfig } from './faults';
export { MOCK_QUIRKS, FAULT_KINDS } from './types';
export { NOTICE_QUIRKS } from './notice-quirks';
export type {
  AcceptEvent,
  FaultConfig,
  FaultKind,
  MockClient,
  MockNational,
  MockNationalOptions,
  MockNotices,
  NoticeAdminView,
  MockQuirk,
  MockSummary,
  RecordCounts,
  StoredRecordView,
} from './types';
export type NoticeQuirk = (typeof import('./notice-quirks').NOTICE_QUIRKS)[number];
