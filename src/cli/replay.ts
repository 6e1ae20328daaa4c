import { Command } from 'commander';
import { recordEvent } from '../db/queries/events';
import { countOpenQuarantine, type QuarantineFilter } from '../db/queries/quarantine-list';
import { formBatchesFor } from '../pipeline/batch';
import { replayQuarantine } from '../pipeline/replay';
import { openToolContext } from './context';
import { createProgress } from './progress';

/** `trace-gateway replay`: re-maps quarantined records from their stored raw payload. */
export function replayCommand(): Command {
  return new Command('replay')
    .description(
      're-map quarantined records from their stored raw payload (after fixing a translation table, a node directory entry or a code list)',
    )
    .option('--id <ids...>', 'quarantine entry ids')
    .option('--adapter <id>', 'only this adapter')
    .option('--stream <name>', 'only this stream')
    .option('--interface <name>', 'only this national interface')
    .option('--reason <code>', 'only entries with this reason or national error code (UNKNOWN_CODE, E4003, ...)')
    .option('--all', 'every open entry (required when no other filter is given)')
    .option('--actor <name>', 'who asks, for the audit trail', process.env.USER ?? 'cli')
    .action(
      async (o: {
        id?: string[];
        adapter?: string;
        stream?: string;
        interface?: string;
        reason?: string;
        all?: boolean;
        actor: string;
      }) => {
        const filter: QuarantineFilter = {
          adapterId: o.adapter,
          stream: o.stream,
          interface: o.interface,
          reason: o.reason,
          ids: o.id?.map((x) => {
            if (!/^\d+$/.test(x)) throw new Error(`--id "${x}" is not a quarantine entry id`);
            return Number(x);
          }),
        };
        if (!o.all && !Object.values(filter).some((v) => v !== undefined))
          throw new Error('name a filter (--id, --adapter, --stream, --interface, --reason) or --all');
        const ctx = await openToolContext();
        const progress = createProgress('replay');
        try {
          const total = await countOpenQuarantine(ctx.db, filter);
          await recordEvent(ctx.db, {
            actor: { tokenId: null, name: `cli:${o.actor}` },
            action: 'quarantine:replay',
            details: { filter, entries: total },
          });
          const r = await replayQuarantine(ctx.db, (id) => ctx.instances.get(id), filter, ctx.pipeline, {
            onProgress: (done) => progress.update(done, total),
          });
          await formBatchesFor(ctx.db, ctx.boss, r.interfaces, {
            maxRecords: ctx.config.delivery.batchMaxRecords,
            maxBytes: ctx.config.delivery.batchMaxBytes,
          });
          progress.stop();
          process.stdout.write(
            `replayed ${r.entries} entries: ${r.mapped} new national versions (delivered by the running gateway), ${r.unchanged} unchanged, ${r.quarantined} still quarantined, ${r.deleted} deleted at source\n`,
          );
        } finally {
          progress.stop();
          await ctx.close();
        }
      },
    );
}
