import type { Logger } from '../../src/log';
import type { Progress } from '../../src/cli/progress';
import type { BenchDatabase } from '../lib/database';
import type { Figure } from '../lib/report';
import type { SourcesHost } from '../lib/sources';

export interface ScenarioContext {
  db: BenchDatabase;
  host: SourcesHost;
  /** The gateway's log (a file): warnings and errors only. */
  log: Logger;
  quick: boolean;
  progress(label: string): Progress;
  /** Plain note lines between the progress bars. */
  note(text: string): void;
}

export interface ScenarioResult {
  figures: Figure[];
  details: Record<string, unknown>;
}

export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioResult>;
