import type { NationalInterface } from '../national/types';

/** Payload type per queue; everything else sees `unknown`. */
export interface QueuePayloads {
  pull: { adapterId: string; mode: 'scheduled' | 'manual' };
  backfill: { adapterId: string; stream?: string; from: string; until?: string; requestedBy: string };
  deliver: { batchId: string; interface: NationalInterface };
  /** requestId: a replay asked through the API, whose progress is kept in replay_requests. */
  replay: { filter: Record<string, unknown>; requestedBy: string; requestId?: number };
  'refresh-codelists': Record<string, never>;
  reconcile: { date?: string };
  prune: Record<string, never>;
  /** One round of notices (§8): read the feed, answer cases, send the outbox, raise notices. */
  notices: Record<string, never>;
  /** Inspections the platform accepted (national record ids), to look for FAIL conclusions that raise a notice. */
  'notices-inspections': { nationalRecordIds: number[] };
}

export type QueueName = keyof QueuePayloads;
