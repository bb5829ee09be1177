// `bench run`: parse → run → show. Thin: the work is in run/, the looks in render/ and ui/.
import type { Argv } from 'yargs';
import { CLAIMS_DIR, PROFILES_DIR } from '../paths.js';
import { loadLedgers } from '../profiles/load-ledgers.js';
import { loadProfiles } from '../profiles/load-profiles.js';
import { renderTerminal } from '../render/terminal.js';
import { describeLoadOptions, parseRunRequest, RUN_DEFAULTS } from './run-options.js';
import { exitCodeOf, runWithView } from './run-with-view.js';

export const describeRunOptions = (yargs: Argv) =>
  describeLoadOptions(yargs, RUN_DEFAULTS)
    .option('cross-check', { type: 'boolean', default: RUN_DEFAULTS.crossCheck, describe: 'also measure each repeat with wrk and show whether autocannon agrees (see bench validate)' })
    .example('$0 run --profile waitress-like', 'waitress-like against flask-dev on every scenario')
    .example('$0 run -p gunicorn-sync -p waitress-like -s io -c 10 -d 10', 'two profiles (and flask-dev) on /io at 10 connections, 10 s per repeat')
    .example('$0 run -p waitress-like --quick --pin', 'one repeat per cell, server and generator on separate cores')
    .example('$0 run -p uvicorn --no-counterpart --json > report.json', 'one profile alone, the report as JSON');

type RunArgs = Awaited<ReturnType<typeof describeRunOptions>['argv']>;

export const runCommand = async (args: RunArgs, argv: readonly string[]): Promise<number> => {
  const catalog = loadProfiles(PROFILES_DIR);
  const request = parseRunRequest(args, { catalog, defaults: RUN_DEFAULTS, crossCheck: args['cross-check'], command: argv });
  // The documents' claims whose cells this run measures are judged too (bench claims runs them all).
  const claims = { claims: loadLedgers(CLAIMS_DIR, catalog), catalog, all: false };
  const { report } = await runWithView({ ...request, claims }, { json: args.json, render: renderTerminal });
  return exitCodeOf(report);
};
