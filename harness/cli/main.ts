// The bench command line: yargs parses, a command runs, and every failure ends with a clear line and exit code.
import yargs from 'yargs';
import { LedgerError } from '../core/ledger-validation.js';
import { ProfileError } from '../core/profile-validation.js';
import { ProvisionError } from '../servers/provision.js';
import { doctorCommand } from './doctor-command.js';
import { EXIT_RUN_FAILED_CODE, EXIT_USAGE_CODE } from './exit-codes.js';
import { listCommand } from './list-command.js';
import { describeRunOptions, runCommand } from './run-command.js';
import { UsageError } from './usage-error.js';
import { describeValidateOptions, validateCommand } from './validate-command.js';
import { describeSelfOptions, selfCommand } from './self-command.js';
import { claimsCommand, describeClaimsOptions } from './claims-command.js';
import { describeGateOptions, gateCommand } from './gate-command.js';
import { compareCommand, describeCompareOptions } from './compare-command.js';
import { GateInputError } from '../core/gate-eval.js';
import { GatePlanError } from '../core/gate-plan.js';
import { GateFileError } from '../profiles/load-gates.js';
import { ReportReadError } from '../report/read-report.js';

const fail = (message: string, code: number): never => {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(code);
};

const BAD_INPUT = [UsageError, ProfileError, LedgerError, GateFileError, GatePlanError, GateInputError, ReportReadError];
const isBadInput = (error: unknown): boolean => BAD_INPUT.some((kind) => error instanceof kind);
const exitCodeFor = (error: unknown): number => (isBadInput(error) ? EXIT_USAGE_CODE : EXIT_RUN_FAILED_CODE);

export const main = async (argv: readonly string[]): Promise<void> => {
  let exitCode = 0;
  try {
    await yargs([...argv])
      .scriptName('bench')
      .usage('$0 <command> [options]\n\nRun Python web servers under load, compare production profiles with their dev-mode counterparts, and keep the report.')
      .command('run', 'measure profiles on real servers and write a report', describeRunOptions, async (args) => {
        exitCode = await runCommand(args, argv);
      })
      .command('validate', 'cross-check autocannon against wrk on the same cells, repeat by repeat', describeValidateOptions, async (args) => {
        exitCode = await validateCommand(args, argv);
      })
      .command('self', "bench's own accuracy: autocannon against wrk on every profile, and the ceiling ratio", describeSelfOptions, async (args) => {
        exitCode = await selfCommand(args, argv);
      })
      .command('claims', "check the documents' claims on real servers: confirmed, refuted or inconclusive", describeClaimsOptions, async (args) => {
        exitCode = await claimsCommand(args, argv);
      })
      .command('gate', 'judge gates (thresholds, ratios, baselines, claims) on a fresh run or a report; exit 99 when one fails', describeGateOptions, async (args) => {
        exitCode = await gateCommand(args, argv);
      })
      .command('compare <before> <after>', 'two reports cell by cell: the change in req/s and p99, and whether it is significant', describeCompareOptions, (args) => {
        exitCode = compareCommand(args);
      })
      .command('list', 'list profiles, apps and scenarios', (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }).example('$0 list --json', 'everything as JSON'), (args) => {
        exitCode = listCommand(args);
      })
      .command(
        'doctor',
        'show each server and its version, and how to install what is missing',
        (y) =>
          y
            .option('install', { type: 'boolean', default: false, describe: 'install what is missing (Debian packages as root, else a virtualenv)' })
            .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
            .example('$0 doctor', 'what is installed')
            .example('$0 doctor --install', 'install what is missing'),
        async (args) => {
          exitCode = await doctorCommand(args);
        },
      )
      .example('$0 run --profile waitress-like', 'waitress-like against flask-dev, live view, report in reports/')
      .example('$0 validate -p waitress-like', 'check autocannon against wrk on waitress-like')
      .example('$0 claims --quick', "every document's claims, quickly, with verdicts")
      .example('$0 gate --gates gates.yml --quick', 'CI gates: exit 99 when one fails')
      .example('$0 compare reports/main reports/latest', 'what changed between two runs')
      .example('$0 list', 'the profiles and what they run')
      .demandCommand(1, 'name a command: run, validate, self, claims, gate, compare, list or doctor')
      .recommendCommands()
      .strict()
      .help()
      .alias('h', 'help')
      .version()
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .fail((message, error) => {
        if (error) throw error;
        fail(`${message.split('\n')[0]} (see bench --help)`, EXIT_USAGE_CODE);
      })
      .parseAsync();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (process.env.BENCH_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    const known = isBadInput(error) || error instanceof ProvisionError;
    fail(known ? message : `${message} (set BENCH_DEBUG=1 for the stack)`, exitCodeFor(error));
  }
  process.exitCode = exitCode;
};
