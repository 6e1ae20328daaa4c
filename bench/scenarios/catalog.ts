import type { ScenarioId } from '../lib/report';
import { backfill } from './backfill';
import { ceiling } from './ceiling';
import { hotPath } from './hot-path';
import { latency } from './latency';
import { throughput } from './throughput';
import type { Scenario } from './types';

export const CATALOG: Record<ScenarioId, { number: number; title: string; run: Scenario }> = {
  throughput: { number: 1, title: 'Throughput: all sources, all 8 interfaces, rate limit lifted', run: throughput },
  ceiling: { number: 2, title: 'Contract ceiling: default national limit, large backlog', run: ceiling },
  latency: { number: 3, title: 'Latency: steady source flow, source update → national receipt', run: latency },
  backfill: { number: 4, title: 'Backfill: one adapter, one window, memory over time', run: backfill },
  'hot-path': { number: 5, title: 'Hot path pieces against their baselines', run: hotPath },
};
