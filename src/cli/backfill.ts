import { Command } from 'commander';
import { createPullHandler } from '../jobs/pull';
import { parseBeijing } from '../common/time';
import { openToolContext } from './context';
import { createProgress } from './progress';

/** `trace-gateway backfill`: re-pulls a time window of one adapter without moving its live cursor. */
export function backfillCommand(): Command {
  return new Command('backfill')
    .description('pull an explicit window of one adapter again (the live cursor does not move); delivery is done by the running gateway')
    .requiredOption('--adapter <id>', 'adapter instance id')
    .requiredOption('--from <time>', 'window start, Beijing time "YYYY-MM-DD HH:mm:ss" or ISO 8601 with offset (market-csv: a sequence number)')
    .option('--to <time>', 'window end (exclusive); default now')
    .option('--stream <name>', 'one stream only (default: every enabled stream)')
    .action(async (o: { adapter: string; from: string; to?: string; stream?: string }) => {
      for (const [name, value] of [['--from', o.from], ['--to', o.to]] as const) {
        if (value !== undefined && !/^\d+$/.test(value) && parseBeijing(value) === null) {
          throw new Error(`${name} "${value}" is not a time ("YYYY-MM-DD HH:mm:ss" Beijing time or ISO 8601 with offset) nor a sequence number`);
        }
      }
      const ctx = await openToolContext({ checkSecrets: true });
      const progress = createProgress(`backfill ${o.adapter}`);
      try {
        const inst = ctx.instances.get(o.adapter);
        if (!inst) throw new Error(`unknown adapter "${o.adapter}" (registered: ${ctx.instances.all().map((i) => i.decl.id).join(', ') || 'none'})`);
        if (o.stream && !inst.runtime(o.stream)) throw new Error(`adapter ${o.adapter} has no stream "${o.stream}" (${inst.streams.join(', ')})`);
        const pull = createPullHandler({ db: ctx.db, boss: ctx.boss, instances: ctx.instances, pipeline: ctx.pipeline, log: ctx.log, maxSeconds: 24 * 3600,
          limits: { maxRecords: ctx.config.delivery.batchMaxRecords, maxBytes: ctx.config.delivery.batchMaxBytes } });
        const summary = await pull({
          adapterId: o.adapter, mode: 'backfill', window: { stream: o.stream, from: o.from, until: o.to },
          onProgress: (p) => {
            progress.update(p.records, p.total, `${p.stream} page ${p.pages}`);
          },
        });
        progress.stop();
        process.stdout.write(
          `backfill of ${o.adapter}: ${summary.pages} pages, ${summary.records} records, ${summary.newRecords} new revisions, ` +
            `${summary.mapped} new national versions, ${summary.quarantined} quarantined\n`,
        );
        if (summary.errors.length) {
          process.stderr.write(`errors:\n  ${summary.errors.join('\n  ')}\n`);
          process.exitCode = 1;
        }
      } finally {
        progress.stop();
        await ctx.close();
      }
    });
}
