import type { SignMethod } from '../national/types';
import type { ConformanceClient } from './client';
import type { RequestPacer } from './pacer';
import type { RecordFactory } from './records';
import type { Verifier } from './verify';

export interface RunSettings {
  regionScope: string;
  signMethod: SignMethod;
  rateLimitPerSecond: number;
  appSecret: string;
}

/** Memoised work shared by several cases of one run (e.g. one batch carrying many mutations). */
export class SharedWork {
  private readonly entries = new Map<string, Promise<unknown>>();

  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = make();
      this.entries.set(key, entry);
    }
    return entry;
  }
}

/** The second appKey of a run (§8 cases between two regions): its own client and records inside its scope. */
export interface SecondParty {
  client: ConformanceClient;
  factory: RecordFactory;
  regionScope: string;
  appSecret: string;
}

export interface CaseContext {
  client: ConformanceClient;
  factory: RecordFactory;
  /** Present when the run was given a second appKey. */
  second?: SecondParty;
  /** Origin of the bundled mock's admin endpoint, when given. */
  mockAdmin?: string;
  pacer: RequestPacer;
  settings: RunSettings;
  shared: SharedWork;
  /** Ids of the cases selected for this run (shared work may limit itself to them). */
  selected: ReadonlySet<string>;
  v: Verifier;
}
