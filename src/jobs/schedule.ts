import cron, { type ScheduledTask } from 'node-cron';
import type PgBoss from 'pg-boss';
import { connectionLossLimiter } from '../db/connection-loss';
import type { Logger } from '../log';
import { send } from '../queues/send';

/**
 * Each process runs the same cron schedules; the enqueue is de-duplicated by pg-boss (a one-second
 * singleton slot per adapter, and the stately `pull` queue), so a schedule fires once whatever the
 * number of gateway processes.
 */
export class PullScheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  /** While the database is away every tick fails: one line per half minute says so. */
  private readonly enqueueErrors = connectionLossLimiter();

  constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
    /** Called when this process enqueued a pull (not when another process's tick already had). */
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  static validate(expression: string): boolean {
    return cron.validate(expression);
  }

  set(adapterId: string, expression: string): void {
    this.remove(adapterId);
    const task = cron.schedule(
      expression,
      async () => {
        const jobId = await requestPull(this.boss, adapterId, 'scheduled').catch((err) => {
          this.enqueueErrors(err, (suppressed) =>
            this.log.error('could not enqueue a scheduled pull', {
              event: 'pull:enqueue-failed',
              adapterId,
              error: String(err),
              ...(suppressed ? { suppressed } : {}),
            }),
          );
          return null;
        });
        // Picked up now rather than at the worker's next poll: a one-second schedule stays near one second.
        if (jobId) this.onEnqueued();
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
