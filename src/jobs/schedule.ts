import cron, { type ScheduledTask } from 'node-cron';
import type PgBoss from 'pg-boss';
import type { Logger } from '../log';
import { send } from './queues';

/**
 * Each process runs the same cron schedules; the enqueue is de-duplicated by pg-boss (a one-second
 * singleton slot per adapter, and the stately `pull` queue), so a schedule fires once whatever the
 * number of gateway processes.
 */
export class PullScheduler {
  private readonly tasks = new Map<string, ScheduledTask>();

  constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
  ) {}

  static validate(expression: string): boolean {
    return cron.validate(expression);
  }

  set(adapterId: string, expression: string): void {
    this.remove(adapterId);
    const task = cron.schedule(
      expression,
      async () => {
        await requestPull(this.boss, adapterId, 'scheduled').catch((err) =>
          this.log.error('could not enqueue a scheduled pull', { event: 'pull:enqueue-failed', adapterId, error: String(err) }),
        );
      },
      { name: `pull:${adapterId}`, noOverlap: true },
    );
    this.tasks.set(adapterId, task);
  }

  remove(adapterId: string): void {
    const t = this.tasks.get(adapterId);
    if (t) {
      void t.destroy();
      this.tasks.delete(adapterId);
    }
  }

  nextRun(adapterId: string): Date | null {
    return this.tasks.get(adapterId)?.getNextRun() ?? null;
  }

  stopAll(): void {
    for (const id of [...this.tasks.keys()]) this.remove(id);
  }
}

/** Enqueues a pull unless one is already waiting for this adapter; returns the job id or null. */
export function requestPull(boss: PgBoss, adapterId: string, mode: 'scheduled' | 'manual'): Promise<string | null> {
  return send(boss, 'pull', { adapterId, mode }, { singletonKey: adapterId, ...(mode === 'scheduled' ? { singletonSeconds: 1 } : {}) });
}
