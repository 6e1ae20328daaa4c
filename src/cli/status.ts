import { Command } from 'commander';
import { maskPersonalData } from '../api/mask';
import { buildStatus } from '../api/status';
import { openToolContext } from './context';

/** `trace-gateway status`: the sync picture as tables on the terminal (or JSON). */
export function statusCommand(): Command {
  return new Command('status')
    .description('print adapters, interfaces and the national platform state')
    .option('--json', 'print the status document as JSON')
    .action(async (o: { json?: boolean }) => {
      const ctx = await openToolContext();
      try {
        // The terminal shows what the API shows: resident IDs and secrets masked.
        const s = maskPersonalData(
          await buildStatus({
            db: ctx.db,
            appKey: ctx.config.national.appKey ?? 'gs-demo-gateway',
            nationalBaseUrl: ctx.config.national.baseUrl ?? '(bundled mock)',
            codeListVersions: () => ({}),
            nextRun: () => null,
          }),
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
          return;
        }
        process.stdout.write('\nadapters\n');
        console.table(
          s.adapters.map((a) => ({
            id: a.id,
            kind: a.kind,
            state: a.state,
            lastPull: a.lastPullAt ? new Date(a.lastPullAt).toISOString() : '-',
            outcome: a.lastOutcome ?? '-',
            pulled: a.counts.pulled,
            quarantined: a.counts.quarantinedOpen,
            lastError: (a.lastError ?? '').slice(0, 60),
          })),
        );
        process.stdout.write('interfaces\n');
        console.table(
          s.interfaces.map((i) => ({
            interface: i.interface,
            pending: i.pending,
            inFlight: i.inFlight,
            delivered: i.delivered,
            rejected: i.rejected,
            quarantined: i.quarantined,
            oldestPendingS: i.oldestPendingAgeSeconds ?? '-',
            failingBatches: i.failingBatches,
          })),
        );
        process.stdout.write(
          `national platform: ${s.national.paused ? `PAUSED (${s.national.pausedReason})` : 'delivering'}; last ok ${s.national.lastOkAt ? new Date(s.national.lastOkAt).toISOString() : '-'}; last error ${s.national.lastError ?? '-'}\n`,
        );
      } finally {
        await ctx.close();
      }
    });
}
