import type PgBoss from 'pg-boss';
import type { Db } from '../db/pool';
import type { Logger } from '../log';
import { send } from '../queues/send';
import type { NoticesClient } from './client';
import { runNoticeRound, type NoticeRoundResult } from './notice-round';

export interface NoticeJobs {
  /** Handler of the `notices` queue: one round. */
  round(): Promise<NoticeRoundResult>;
  /** Asks for a round soon (after an operator's action), de-duplicated across processes. */
  requestRound(): Promise<void>;
  stop(): void;
}

/**
 * Every process enqueues a round each `pollSeconds`; pg-boss keeps one per time slot (singletonKey +
 * singletonSeconds) and the round's advisory lock runs one at a time, so the feed is read once, not once per process.
 */
export function startNoticeJobs(deps: {
  db: Db;
  boss: PgBoss;
  schema: string;
  client: NoticesClient;
  log: Logger;
  pollSeconds: number;
  more?: () => Promise<Record<string, unknown>>;
  onEnqueued?: () => void;
}): NoticeJobs {
  const { boss, log } = deps;
  const enqueue = async (key: string, seconds: number) => {
    const id = await send(boss, 'notices', {}, { singletonKey: key, singletonSeconds: seconds }).catch((err) => {
      log.warn('could not enqueue a notices round', { event: 'notices:enqueue-failed', error: String(err) });
      return null;
    });
    if (id) deps.onEnqueued?.();
  };
  void enqueue('poll', deps.pollSeconds);
  const timer = setInterval(() => void enqueue('poll', deps.pollSeconds), deps.pollSeconds * 1000);
  return {
    round: () => runNoticeRound({ db: deps.db, schema: deps.schema, client: deps.client, log, more: deps.more }),
    requestRound: () => enqueue('now', 1),
    stop: () => clearInterval(timer),
  };
}
