import { Command } from 'commander';
import { windowProblem, windowUnitText } from '../adapters/backfill-window';
import { adapterKinds } from '../adapters/registry';
import type { AdapterKind } from '../adapters/types';
import { createPullHandler } from '../jobs/pull';
import { openToolContext } from './context';
import { createProgress } from './progress';

/** What `--from` and `--to` are for each kind, as `--help` shows it. */
export function backfillWindowsHelp(kinds: Readonly<Record<string, AdapterKind>>): string {
  const list = Object.values(kinds);
  const width = Math.max(...list.map((k) => k.kind.length));
  const lines = list.map(
    (k) => `  ${k.kind.padEnd(width)}  ${windowUnitText(k.backfillWindow)};\n  ${''.padEnd(width)}  ${k.backfillWindow.holds}`,
  );
  return `\n--from and --to (from and until below) by the adapter's kind:\n${lines.join('\n')}\n`;
}

/** `trace-gateway backfill`: re-pulls a window of one adapter without moving its live cursor. */
export function backfillCommand(kinds: Readonly<Record<string, AdapterKind>> = adapterKinds): Command {
  return new Command('backfill')
    .description('pull an explicit window of one adapter again (the live cursor does not move); delivery is done by the running gateway')
    .requiredOption('--adapter <id>', 'adapter instance id')
    .requiredOption('--from <position>', "window start, in the unit of the adapter's kind (below)")
    .option('--to <position>', 'window end; default: now, or the newest record')
    .option('--stream <name>', 'one stream only (default: every enabled stream)')
    .addHelpText('after', backfillWindowsHelp(kinds))
    .action(async (o: { adapter: string; from: string; to?: string; stream?: string }) => {
      const ctx = await openToolContext({ checkSecrets: true });
      const progress = createProgress(`backfill ${o.adapter}`);
      try {
        const inst = ctx.instances.get(o.adapter);
        if (!inst)
          throw new Error(
            `unknown adapter "${o.adapter}" (registered: ${
              ctx.instances
                .all()
                .map((i) => i.decl.id)
                .join(', ') || 'none'
            })`,
          );
        const problem = windowProblem(inst.kind.backfillWindow, { from: o.from, until: o.to });
        if (problem) {
          const option = problem.bound === 'from' ? '--from' : '--to';
          throw new Error(
            `${option} ${problem.message.replace('after from', 'after --from')} (adapter ${o.adapter} is of kind ${inst.kind.kind})`,
          );
        }
        if (o.stream && !inst.runtime(o.stream))
          throw new Error(`adapter ${o.adapter} has no stream "${o.stream}" (${inst.streams.join(', ')})`);
        const pull = createPullHandler({
          db: ctx.db,
          boss: ctx.boss,
          instances: ctx.instances,
          pipeline: ctx.pipeline,
          log: ctx.log,
          maxSeconds: 24 * 3600,
          limits: { maxRecords: ctx.config.delivery.batchMaxRecords, maxBytes: ctx.config.delivery.batchMaxBytes },
        });
        const summary = await pull({
          adapterId: o.adapter,
          mode: 'backfill',
          window: { stream: o.stream, from: o.from, until: o.to },
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
