import type { ScenarioId } from '../lib/report';
import { backfill } from './backfill';
import { ceiling } from './ceiling';
import { hotPath } from './hot-path';
import { intake } from './intake';
import { latency } from './latency';
import { peer } from './peer';
import { status } from './status';
import { throughput } from './throughput';
import type { Scenario } from './types';

export interface CatalogEntry {
  number: number;
  title: string;
  run: Scenario;
  /** Runs of a full (and quick) benchmark, each in a fresh process; with more than one, the row shows medians and ranges. */
  runs?: { full: number; quick: number };
}

export const CATALOG: Record<ScenarioId, CatalogEntry> = {
  throughput: { number: 1, title: 'Throughput: all sources, all 8 interfaces, rate limit lifted', run: throughput },
  ceiling: { number: 2, title: 'Contract ceiling: default national limit, large backlog', run: ceiling },
  latency: { number: 3, title: 'Latency: steady source flow, source update → national receipt', run: latency },
  backfill: { number: 4, title: 'Backfill: one adapter, one window, memory over time', run: backfill },
  'hot-path': { number: 5, title: 'Hot path pieces against their baselines', run: hotPath },
  peer: {
    number: 6,
    title: 'Peer workload: one provincial platform, default gateway, pull requested → last receipt',
    run: peer,
    runs: { full: 3, quick: 1 },
  },
  intake: { number: 7, title: 'Intake: pull → map → validate → stage, delivery paused', run: intake },
  status: { number: 8, title: 'Status at scale: /api/status and /metrics over 5,000,000 records', run: status },
};
