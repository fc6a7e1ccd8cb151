import { Command, CommanderError } from 'commander';
import { registerDemoCommand } from './commands/demo.js';
import { registerDevCommand } from './commands/dev.js';
import { registerBackfillCommand } from './commands/backfill.js';
import { registerAsyncApiCommand } from './commands/asyncapi.js';
import { registerConsumeCommand } from './commands/consume.js';
import { registerCustomerCommand } from './commands/customer.js';
import { registerExportCommand } from './commands/export.js';
import { registerFollowUpCommand } from './commands/followup.js';
import { registerForgetCommand } from './commands/forget.js';
import { registerProcessCommand } from './commands/process.js';
import { registerProduceCommand } from './commands/produce.js';
import { registerReportCommand } from './commands/report.js';
import { registerResetCommand } from './commands/reset.js';
import { registerRunCommand } from './commands/run.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerSchemasCommand } from './commands/schemas.js';
import { registerTopicsCommand } from './commands/topics.js';
import { describeError } from './describeError.js';
import { watchParent } from './parentWatch.js';
import { createRuntime } from './runtime.js';

const shutdown = new AbortController();
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signals += 1;
    // First signal: finish in-flight work and stop cleanly. Second: the user means it.
    if (signals > 1) process.exit(130);
    shutdown.abort();
    // A command that cannot finish cleanly in time is stopped anyway (exactly-once output survives a hard stop).
    setTimeout(() => {
      process.stderr.write('leadstream: did not stop within 60 s of the signal; exiting\n');
      process.exit(1);
    }, 60_000).unref();
  });
}

// A reader that goes away (`| head`) ends us quietly, as it would any Unix tool; otherwise a write waiting for
// 'drain' would wait forever.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const runtime = createRuntime(process.env, shutdown.signal);
// A child of a test or a supervisor must not outlive it: its parent's death is a SIGTERM.
if (exitWithParent()) {
  watchParent(() => {
    process.stderr.write('leadstream: the process that started us is gone; stopping\n');
    process.kill(process.pid, 'SIGTERM');
  });
}
const program = new Command('leadstream')
  .description('Turns Microsoft commercial-marketplace leads into a de-duplicated customer funnel on Kafka, exactly once.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();
registerDevCommand(program, runtime);
registerDemoCommand(program, runtime);
registerTopicsCommand(program, runtime);
registerSchemasCommand(program, runtime);
registerRunCommand(program, runtime);
registerServeCommand(program, runtime);
registerCustomerCommand(program, runtime);
registerFollowUpCommand(program, runtime);
registerForgetCommand(program, runtime);
registerAsyncApiCommand(program, runtime);
registerResetCommand(program, runtime);
registerBackfillCommand(program, runtime);
registerSimulateCommand(program, runtime);
registerProcessCommand(program, runtime);
registerProduceCommand(program, runtime);
registerConsumeCommand(program, runtime);
registerExportCommand(program, runtime);
registerReportCommand(program, runtime);

function exitWithParent(): boolean {
  try {
    return runtime.config().exitWithParent;
  } catch {
    return false; // a bad environment is reported by the command that reads it
  }
}

function debugLogging(): boolean {
  try {
    return runtime.config().logLevel === 'debug';
  } catch {
    return false;
  }
}

try {
  await program.parseAsync(process.argv);
  process.exitCode ??= 0;
} catch (error: unknown) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const { message, exitCode, detail } = describeError(error);
    process.stderr.write(`leadstream: ${message}\n`);
    if (detail && debugLogging()) process.stderr.write(`${detail}\n`);
    process.exitCode = exitCode;
  }
}

// Stopped by a signal and done stopping (bounded, open work committed or left to the next owner): a client socket
// still open must not keep the process waiting for the 60 s deadline.
if (shutdown.signal.aborted) process.exit(process.exitCode);
