import type PgBoss from 'pg-boss';
import { bossDb, withTransaction, type Db, type Tx } from '../db/pool';
import { batchMembers, insertBatch, markBatchRetry, parkBatch, splitBatch, startBatchAttempt } from '../db/queries/batches';
import { recordEvent, SYSTEM_ACTOR } from '../db/queries/events';
import { noteNationalError, noteNationalOk, setPaused } from '../db/queries/national-state';
import type { Logger } from '../log';
import type { NationalAnswer } from '../national/answer';
import { classifyAnswer, type Decision } from '../national/classify';
import { nextDelayMs } from '../national/backoff';
import type { RateLimiter } from '../national/rate-limit';
import type { NationalInterface } from '../national/types';
import { batchBody, batchBodySize, newBatchId } from '../pipeline/batch';
import type { FormedBatches } from '../pipeline/formed-batches';
import { ReceiptMismatchError, storeReceipt } from '../pipeline/receipt';
import type { QueuePayloads } from '../queues/payloads';
import { send } from '../queues/send';

export interface BatchPoster {
  postBatch(iface: NationalInterface, rawBody: Buffer): Promise<NationalAnswer>;
}

export interface DeliverDeps {
  db: Db;
  boss: PgBoss;
  client: BatchPoster;
  limiter: RateLimiter;
  appKey: string;
  log: Logger;
  /** How long the batch whose answer paused delivery waits before its job looks again (and parks it while still paused). */
  pauseRecheckMs?: number;
  /** Immediate re-sends after E2002/E2003 before falling back to backoff. */
  maxResign?: number;
  /** Attempts after which a batch shows as failing (it keeps being retried). */
  failingAfter?: number;
  onDelivered?(
    iface: NationalInterface,
    outcome: { accepted: number; duplicate: number; rejected: number; latencyMs: number; records: number },
  ): void;
  onAnswer?(code: string): void;
  /**
   * Work to do in the transaction that stores a batch's receipt, given the batch's record ids, or
   * undefined when there is none for the interface (notices look at accepted inspections).
   */
  afterReceipt?(iface: NationalInterface, recordIds: number[]): ((tx: Tx) => Promise<void>) | undefined;
  /** Batches this process formed, with their bodies, for their first attempt (FormedBatches). */
  formed?: FormedBatches;
}

function answerCode(a: NationalAnswer): string {
  if (a.kind === 'receipt' || a.kind === 'ok') return '0';
  if (a.kind === 'network') return a.timedOut ? 'timeout' : 'network';
  return a.code;
}

function answerText(a: NationalAnswer): string {
  if (a.kind === 'network') return `${a.timedOut ? 'timeout' : 'network error'}: ${a.error}`;
  if (a.kind === 'error') return `HTTP ${a.status} ${a.code}: ${a.message}`;
  return 'ok';
}

/** Delivers one batch: rate-limit token, sign, POST, then the answer handled as national §3.2 says. */
export function createDeliverHandler(deps: DeliverDeps) {
  const failingAfter = deps.failingAfter ?? 3;
  // The credential's last good answer is stamped at most once a second per process: a row write per
  // delivery would make concurrent deliveries wait on one another for a figure shown to the second.
  let lastStampedAt = 0;
  async function stampOk(): Promise<void> {
    if (Date.now() - lastStampedAt < 1000) return;
    lastStampedAt = Date.now();
    await noteNationalOk(deps.db, deps.appKey);
  }
  const maxResign = deps.maxResign ?? 3;

  async function reschedule(
    job: QueuePayloads['deliver'],
    decision: Decision,
    answer: NationalAnswer,
    attempts: number,
    countAttempt: boolean,
    delayMs: number,
  ): Promise<void> {
    const nextAttemptAt = new Date(Date.now() + delayMs);
    await withTransaction(deps.db, async (tx) => {
      await markBatchRetry(tx, {
        batchId: job.batchId,
        state: attempts >= failingAfter ? 'failing' : 'queued',
        nextAttemptAt,
        status: answer.kind === 'error' ? answer.status : null,
        code: answerCode(answer),
        error: `${answerText(answer)} (${decision.reason})`,
        countAttempt,
      });
      await send(deps.boss, 'deliver', job, { startAfter: nextAttemptAt, db: bossDb(tx) });
    });
    deps.log.warn('batch will be retried', {
      event: 'batch:retry',
      batchId: job.batchId,
      interface: job.interface,
      attempt: attempts,
      delayMs,
      code: answerCode(answer),
    });
  }

  async function split(job: QueuePayloads['deliver'], answer: NationalAnswer): Promise<void> {
    await withTransaction(deps.db, async (tx) => {
      const members = await batchMembers(tx, job.batchId);
      if (members.length < 2) {
        await markBatchRetry(tx, {
          batchId: job.batchId,
          state: 'blocked',
          nextAttemptAt: null,
          status: 413,
          code: answerCode(answer),
          error: 'a single record exceeds the body limit',
          countAttempt: true,
        });
        return;
      }
      if (!(await splitBatch(tx, job.batchId, answerText(answer)))) return;
      const half = Math.ceil(members.length / 2);
      for (const part of [members.slice(0, half), members.slice(half)]) {
        const batchId = newBatchId(job.interface);
        const bytes = batchBodySize(
          batchId,
          part.map((m) => m.body),
        );
        await insertBatch(tx, {
          batchId,
          iface: job.interface,
          recordIds: part.map((m) => m.id),
          bodyBytes: bytes,
          parentBatchId: job.batchId,
        });
        await send(deps.boss, 'deliver', { batchId, interface: job.interface }, { db: bossDb(tx) });
      }
    });
    deps.log.warn('batch split after 413', { event: 'batch:split', batchId: job.batchId, interface: job.interface });
  }

  return async function deliver(job: QueuePayloads['deliver']): Promise<void> {
    // Formed by this process's pull: its body and members are in hand, and only the attempt is started.
    const held = deps.formed?.take(job.batchId);
    const start = () => startBatchAttempt(deps.db, job.batchId, deps.appKey, { members: !held });
    let attempt = await start();
    // Paused, the batch is parked and waits without a job until delivery resumes
    // (requeueParkedBatches); resumed meanwhile, its attempt is started again.
    while (attempt.kind === 'paused') {
      if (await parkBatch(deps.db, job.batchId, deps.appKey)) {
        deps.log.debug('batch parked while delivery is paused', { event: 'batch:parked', batchId: job.batchId, interface: job.interface });
        return;
      }
      attempt = await start();
    }
    // Another run of this job delivered, split or held the batch meanwhile.
    if (attempt.kind !== 'started') return;
    const { attempts } = attempt;
    const members = held?.members ?? attempt.members;
    const body =
      held?.body ??
      batchBody(
        job.batchId,
        attempt.members.map((m) => m.body),
      );
    const started = Date.now();
    let answer: NationalAnswer;
    let decision: Decision;
    let resigns = 0;
    for (;;) {
      await deps.limiter.acquire();
      answer = await deps.client.postBatch(job.interface, body);
      decision = classifyAnswer(answer);
      deps.onAnswer?.(answerCode(answer));
      if (decision.action !== 'resign' || ++resigns > maxResign) break;
    }
    if (decision.action === 'success' && answer.kind === 'receipt') {
      const receipt = answer.receipt;
      try {
        const inTransaction = deps.afterReceipt?.(
          job.interface,
          members.map((m) => m.id),
        );
        const outcome = await storeReceipt(deps.db, job.batchId, job.interface, receipt, members, inTransaction);
        await stampOk();
        if (outcome) {
          deps.onDelivered?.(job.interface, { ...outcome, latencyMs: Date.now() - started, records: members.length });
          deps.log.info('batch delivered', {
            event: 'batch:delivered',
            batchId: job.batchId,
            interface: job.interface,
            receiptId: receipt.receiptId,
            ...outcome,
          });
        }
      } catch (err) {
        if (!(err instanceof ReceiptMismatchError)) throw err;
        const failed: NationalAnswer = { kind: 'error', status: 200, code: 'TG_RECEIPT_MISMATCH', message: err.message };
        await reschedule(
          job,
          { action: 'retry', reason: 'receipt does not match the batch' },
          failed,
          attempts,
          true,
          nextDelayMs({ action: 'retry', reason: '' }, attempts) ?? 60_000,
        );
      }
      return;
    }
    await noteNationalError(deps.db, deps.appKey, answerText(answer));
    lastStampedAt = 0; // the next good answer is stamped at once
    switch (decision.action) {
      case 'split':
        await split(job, answer);
        return;
      case 'pause': {
        const changed = await setPaused(deps.db, deps.appKey, true, `${answerCode(answer)}: ${decision.reason}`);
        if (changed) {
          await recordEvent(deps.db, {
            actor: SYSTEM_ACTOR,
            action: 'national:paused',
            subject: deps.appKey,
            details: { code: answerCode(answer), reason: decision.reason },
          });
          deps.log.error('delivery paused for this credential until an operator resumes it', {
            event: 'national:paused',
            code: answerCode(answer),
            reason: decision.reason,
          });
        }
        await reschedule(job, decision, answer, attempts, false, deps.pauseRecheckMs ?? 30_000);
        return;
      }
      case 'fix':
        await markBatchRetry(deps.db, {
          batchId: job.batchId,
          state: 'blocked',
          nextAttemptAt: null,
          status: answer.kind === 'error' ? answer.status : null,
          code: answerCode(answer),
          error: `${answerText(answer)} (${decision.reason})`,
          countAttempt: true,
        });
        await recordEvent(deps.db, {
          actor: SYSTEM_ACTOR,
          action: 'batch:blocked',
          subject: job.batchId,
          details: { code: answerCode(answer), reason: decision.reason },
        });
        deps.log.error('batch refused as a whole; held for an operator', {
          event: 'batch:blocked',
          batchId: job.batchId,
          code: answerCode(answer),
        });
        return;
      default: {
        const countAttempt = decision.action !== 'maintenance';
        const delay = nextDelayMs(decision.action === 'resign' ? { ...decision, action: 'retry' } : decision, attempts) ?? 1000;
        await reschedule(job, decision, answer, attempts, countAttempt, delay);
      }
    }
  };
}
