import { Command } from 'commander';
import { loadConfig } from './config';
import { createLogger } from './log';
import { startGateway } from './main';
import { openDatabase } from './db/open-database';
import { createPool } from './db/pool';
import { migrate } from './db/migrate';
import { conformanceCommand } from './cli/conformance';
import { backfillCommand } from './cli/backfill';
import { replayCommand } from './cli/replay';
import { statusCommand } from './cli/status';
import { GatewayError } from './errors';

function fail(err: unknown): never {
  const message = err instanceof GatewayError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`trace-gateway: ${message}\n`);
  process.exit(1);
}

/** The whole `mock-national` command, inside a program of its own name so its usage line reads as before. */
function loadMockNationalCommand(): Command {
  const { mockNationalCommand } = require('./cli/mock-national') as typeof import('./cli/mock-national');
  const command = mockNationalCommand();
  new Command('trace-gateway').showHelpAfterError().addCommand(command);
  return command;
}

/**
 * `mock-national` as the command list shows it. The mock is demo and test tooling: its command, and the
 * mock with it, load only when this command runs or shows its help, so `trace-gateway start` never
 * loads src/demo.
 */
function mockNationalEntry(): Command {
  return new Command('mock-national')
    .description('run the mock national traceability platform on a local port (demo and test tooling; its options: mock-national --help)')
    .argument('[options...]')
    .helpOption(false)
    .allowUnknownOption()
    .configureHelp({ formatHelp: () => loadMockNationalCommand().helpInformation() })
    .action(async (args: string[]) => {
      await loadMockNationalCommand().parent!.parseAsync(['mock-national', ...args], { from: 'user' });
    });
}

export function buildCli(): Command {
  const program = new Command('trace-gateway')
    .description('Integration gateway from provincial food-traceability systems to the national traceability platform')
    .showHelpAfterError();

  program
    .command('start')
    .description('run the gateway: pulls, mapping, delivery, status API (and the bundled simulators unless SIMULATORS=off)')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger({ level: config.logLevel });
      // The handlers are in place before the gateway says it started: a signal right after that line
      // stops it cleanly instead of killing it, and one during start-up stops it once started.
      const starting = startGateway(config, { log });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info('stopping', { event: 'gateway:stopping', signal });
        const force = setTimeout(() => {
          log.error('shutdown took too long; exiting', { event: 'gateway:forced-exit' });
          process.exit(1);
        }, 30_000);
        force.unref();
        void starting
          .then((gateway) => gateway.stop())
          .then(
            () => {
              log.info('stopped', { event: 'gateway:stopped' });
              process.exit(0);
            },
            () => process.exit(1),
          );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      const gateway = await starting;
      process.stdout.write(
        `\n  trace-gateway is running: status API and dashboard at http://localhost:${gateway.port}/\n  Ctrl-C stops it.\n\n`,
      );
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit (the gateway also migrates at start)')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger({ level: config.logLevel });
      const { url, embedded } = await openDatabase(config, log, 'attach');
      const db = createPool({ url, schema: config.database.schema, max: 2 });
      try {
        const applied = await migrate(db, { schema: config.database.schema, log });
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await db.end();
        await embedded?.stop();
      }
    });

  program.addCommand(backfillCommand());
  program.addCommand(replayCommand());
  program.addCommand(statusCommand());
  program.addCommand(mockNationalEntry());
  program.addCommand(conformanceCommand());
  return program;
}

/** Runs the command line (bin/trace-gateway.js, `npm start`). */
export function run(argv: string[] = process.argv): void {
  buildCli().parseAsync(argv).catch(fail);
}

if (require.main === module) run();
