// `bench run`: parse → run → show. Thin: the work is in run/, the looks in render/ and ui/.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_SCENARIO_OPTIONS, SCENARIO_NAMES } from '../core/scenarios.js';
import { PROFILES_DIR } from '../paths.js';
import { loadProfiles } from '../profiles/load-profiles.js';
import { createPlainLog } from '../progress/plain-log.js';
import { renderJson } from '../render/formats.js';
import { renderTerminal } from '../render/terminal.js';
import { runBench } from '../run/run-bench.js';
import { parseConnections, parsePositiveNumber, parseProfileNames, parseScenarios } from './parse-options.js';
import { EXIT_INTERRUPTED_CODE, EXIT_OK, EXIT_RUN_FAILED_CODE } from './exit-codes.js';
import { handleInterrupts } from './interrupts.js';

export const RUN_DEFAULTS = {
  profile: ['waitress-like'],
  scenario: [...SCENARIO_NAMES],
  connections: '1,10,100',
  durationSec: 3,
  warmupSec: 1,
  repeats: 3,
  /** --quick: one repeat of each cell. */
  quickRepeats: 1,
  out: 'reports',
  startupTimeoutSec: 30,
  maxConnections: 10_000,
} as const;


export const describeRunOptions = (yargs: Argv) =>
  yargs
    .option('profile', { alias: 'p', type: 'string', array: true, default: [...RUN_DEFAULTS.profile], describe: 'profile to measure (repeatable); its dev-mode counterpart runs beside it' })
    .option('scenario', { alias: 's', type: 'string', array: true, default: [...RUN_DEFAULTS.scenario], describe: `scenario (repeatable): ${SCENARIO_NAMES.join(', ')}` })
    .option('connections', { alias: 'c', type: 'string', default: RUN_DEFAULTS.connections, describe: 'comma-separated connection counts, one cell each' })
    .option('duration', { alias: 'd', type: 'string', default: String(RUN_DEFAULTS.durationSec), describe: 'seconds measured per repeat' })
    .option('repeat', { alias: 'r', type: 'string', describe: `measured repeats of each cell [default: ${RUN_DEFAULTS.repeats}, ${RUN_DEFAULTS.quickRepeats} with --quick]` })
    .option('quick', { type: 'boolean', default: false, describe: 'one repeat per cell: faster, without intervals' })
    .option('cross-check', { type: 'boolean', default: false, describe: 'also measure each cell once with wrk and show whether autocannon agrees' })
    .option('pin', { type: 'boolean', default: false, describe: 'pin the servers and the load generator to separate cores' })
    .option('warmup', { type: 'string', default: String(RUN_DEFAULTS.warmupSec), describe: 'seconds of uncounted warm-up before each cell (0 for none)' })
    .option('counterpart', { type: 'boolean', default: true, describe: 'also run each production profile\'s dev-mode counterpart (--no-counterpart to skip)' })
    .option('analysis-ms', { type: 'string', default: String(DEFAULT_SCENARIO_OPTIONS.analysisMs), describe: 'length of one /analysis request in the analysis scenario' })
    .option('startup-timeout', { type: 'string', default: String(RUN_DEFAULTS.startupTimeoutSec), describe: 'seconds a server has to answer /health after launch' })
    .option('out', { alias: 'o', type: 'string', default: RUN_DEFAULTS.out, describe: 'directory for run reports' })
    .option('json', { type: 'boolean', default: false, describe: 'print only the report JSON on stdout' })
    .example('$0 run --profile waitress-like', 'waitress-like against flask-dev on every scenario')
    .example('$0 run -p gunicorn-sync -p waitress-like -s io -c 10 -d 10', 'two profiles (and flask-dev) on /io at 10 connections, 10 s per repeat')
    .example('$0 run -p waitress-like --quick --pin', 'one repeat per cell, server and generator on separate cores')
    .example('$0 run -p uvicorn --no-counterpart --json > report.json', 'one profile alone, the report as JSON');

type RunArgs = Awaited<ReturnType<typeof describeRunOptions>['argv']>;

export const runCommand = async (args: RunArgs, argv: readonly string[]): Promise<number> => {
  let liveView: { stop: () => void } | undefined;
  const catalog = loadProfiles(PROFILES_DIR);
  const profiles = parseProfileNames(args.profile, new Set(catalog.keys()));
  const request = {
    catalog,
    profiles,
    withCounterparts: args.counterpart,
    scenarios: parseScenarios(args.scenario),
    scenarioOptions: { analysisMs: parsePositiveNumber('analysis-ms', args['analysis-ms'], { integer: true, max: 600_000 }) },
    connections: parseConnections([args.connections], RUN_DEFAULTS.maxConnections),
    durationSec: parsePositiveNumber('duration', args.duration, { max: 3600 }),
    warmupSec: args.warmup === '0' ? 0 : parsePositiveNumber('warmup', args.warmup, { max: 600 }),
    repeats: args.repeat === undefined ? (args.quick ? RUN_DEFAULTS.quickRepeats : RUN_DEFAULTS.repeats) : parsePositiveNumber('repeat', args.repeat, { integer: true, max: 100 }),
    pin: args.pin,
    crossCheck: args['cross-check'],
    startupTimeoutMs: parsePositiveNumber('startup-timeout', args['startup-timeout'], { max: 600 }) * 1000,
    outDir: path.resolve(args.out),
    command: argv,
  };

  const events = new EventEmitter();
  const interactive = process.stdout.isTTY === true && !args.json;
  if (interactive) {
    // Mounted before the run starts, so the view sees every event from the first one.
    const { startLiveView } = await import('../ui/start-live-view.js');
    liveView = startLiveView(events);
  } else {
    events.on('event', createPlainLog((line) => process.stderr.write(line)));
  }

  const interrupts = handleInterrupts((message) => process.stderr.write(`\nbench: ${message}\n`));
  try {
    const { report, runDir } = await runBench({ ...request, emit: (event) => events.emit('event', event), signal: interrupts.signal });
    liveView?.stop();
    if (args.json) {
      process.stdout.write(renderJson(report));
    } else {
      process.stdout.write(`${renderTerminal(report, { color: interactive })}\n\nReport: ${path.join(runDir, 'report.md')}\n${runDir}\n`);
    }
    return report.status === 'completed' ? EXIT_OK : report.status === 'aborted' ? EXIT_INTERRUPTED_CODE : EXIT_RUN_FAILED_CODE;
  } finally {
    liveView?.stop();
    interrupts.dispose();
  }
};
