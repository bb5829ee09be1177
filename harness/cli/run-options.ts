// The options `bench run` and `bench validate` share: declared once with each command's defaults, and checked
// once, where they enter, into the request the orchestrator takes.
import path from 'node:path';
import type { Argv } from 'yargs';
import type { Profile } from '../core/profile-schema.js';
import { DEFAULT_SCENARIO_NAMES, DEFAULT_SCENARIO_OPTIONS, SCENARIO_NAMES } from '../core/scenarios.js';
import type { RunRequest } from '../run/run-bench.js';
import { parseConnections, parsePositiveNumber, parseProfileNames, parseScenarios } from './parse-options.js';

export interface RunDefaults {
  /** Profiles measured when no --profile is given. */
  readonly profile: readonly string[];
  readonly scenario: readonly string[];
  readonly connections: string;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly repeats: number;
  /** Repeats with --quick. */
  readonly quickRepeats: number;
  /** With a cross-check: pairs of repeats added, up to this many, to a cell too noisy to judge (none with --quick). */
  readonly extraRepeats: number;
  readonly counterpart: boolean;
  readonly crossCheck: boolean;
  /** Length of one /analysis request. */
  readonly analysisMs: number;
}

export const RUN_DEFAULTS: RunDefaults = {
  profile: ['waitress-like'],
  scenario: [...DEFAULT_SCENARIO_NAMES],
  connections: '1,10,100',
  durationSec: 3,
  warmupSec: 1,
  repeats: 3,
  quickRepeats: 1,
  extraRepeats: 2,
  counterpart: true,
  crossCheck: false,
  analysisMs: DEFAULT_SCENARIO_OPTIONS.analysisMs,
};

export const LIMITS = { out: 'reports', startupTimeoutSec: 30, maxConnections: 10_000 } as const;

export const describeLoadOptions = (yargs: Argv, defaults: RunDefaults) =>
  yargs
    .option('profile', { alias: 'p', type: 'string', array: true, default: [...defaults.profile], defaultDescription: defaults.profile.length === 0 ? 'every profile' : undefined, describe: 'profile to measure (repeatable)' })
    .option('scenario', { alias: 's', type: 'string', array: true, default: [...defaults.scenario], describe: `scenario (repeatable): ${SCENARIO_NAMES.join(', ')}` })
    .option('connections', { alias: 'c', type: 'string', default: defaults.connections, describe: 'comma-separated connection counts, one cell each' })
    .option('duration', { alias: 'd', type: 'string', default: String(defaults.durationSec), describe: 'seconds measured per repeat' })
    .option('repeat', { alias: 'r', type: 'string', describe: `measured repeats of each cell [default: ${defaults.repeats}, ${defaults.quickRepeats} with --quick]` })
    .option('more-repeats', { type: 'string', describe: `with a cross-check (validate, self, run --cross-check): pairs of repeats added, up to this many, to a cell too noisy to judge [default: ${defaults.extraRepeats}, 0 with --quick]` })
    .option('quick', { type: 'boolean', default: false, describe: `${defaults.quickRepeats} repeat per cell: faster, without intervals` })
    .option('pin', { type: 'boolean', default: false, describe: 'pin the servers and the load generator to separate cores' })
    .option('warmup', { type: 'string', default: String(defaults.warmupSec), describe: 'seconds of uncounted warm-up before each cell (0 for none)' })
    .option('counterpart', { type: 'boolean', default: defaults.counterpart, describe: "also run each production profile's dev-mode counterpart (--no-counterpart to skip)" })
    .option('analysis-ms', { type: 'string', default: String(defaults.analysisMs), describe: 'length of one /analysis request in the analysis scenario' })
    .option('startup-timeout', { type: 'string', default: String(LIMITS.startupTimeoutSec), describe: 'seconds a server has to answer /health after launch' })
    .option('out', { alias: 'o', type: 'string', default: LIMITS.out, describe: 'directory for run reports' })
    .option('json', { type: 'boolean', default: false, describe: 'print only the report JSON on stdout' });

export interface LoadArgs {
  readonly profile: readonly (string | number)[];
  readonly scenario: readonly (string | number)[];
  readonly connections: string;
  readonly duration: string;
  readonly repeat?: string | undefined;
  readonly 'more-repeats'?: string | undefined;
  readonly quick: boolean;
  readonly pin: boolean;
  readonly warmup: string;
  readonly counterpart: boolean;
  readonly 'analysis-ms': string;
  readonly 'startup-timeout': string;
  readonly out: string;
}

export type ParsedRequest = Omit<RunRequest, 'emit' | 'signal'>;

export const parseRunRequest = (args: LoadArgs, options: { readonly catalog: ReadonlyMap<string, Profile>; readonly defaults: RunDefaults; readonly crossCheck: boolean; readonly command: readonly string[] }): ParsedRequest => ({
  catalog: options.catalog,
  profiles: parseProfileNames(args.profile, new Set(options.catalog.keys())),
  withCounterparts: args.counterpart,
  scenarios: parseScenarios(args.scenario),
  scenarioOptions: { analysisMs: parsePositiveNumber('analysis-ms', args['analysis-ms'], { integer: true, max: 600_000 }) },
  connections: parseConnections([args.connections], LIMITS.maxConnections),
  durationSec: parsePositiveNumber('duration', args.duration, { max: 3600 }),
  warmupSec: args.warmup === '0' ? 0 : parsePositiveNumber('warmup', args.warmup, { max: 600 }),
  repeats: args.repeat === undefined ? (args.quick ? options.defaults.quickRepeats : options.defaults.repeats) : parsePositiveNumber('repeat', args.repeat, { integer: true, max: 100 }),
  extraRepeats: args['more-repeats'] === undefined ? (args.quick ? 0 : options.defaults.extraRepeats) : args['more-repeats'] === '0' ? 0 : parsePositiveNumber('more-repeats', args['more-repeats'], { integer: true, max: 100 }),
  pin: args.pin,
  crossCheck: options.crossCheck,
  startupTimeoutMs: parsePositiveNumber('startup-timeout', args['startup-timeout'], { max: 600 }) * 1000,
  outDir: path.resolve(args.out),
  command: options.command,
});
