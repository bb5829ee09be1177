// `bench gate`: judge gates (from a gates file and --expect lines) against a fresh run or an existing report, and
// optionally a baseline report; print the gate table, write it where CI reads it, and exit 99 when a gate fails.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Argv } from 'yargs';
import { toRunPlan } from '../core/claim-plan.js';
import { judgeGates, type GateOutcome } from '../core/gate-eval.js';
import { checkGateNames, planGates } from '../core/gate-plan.js';
import type { Gate } from '../core/gate-grammar.js';
import type { Report } from '../core/report.js';
import { CLAIMS_DIR, PROFILES_DIR } from '../paths.js';
import { loadLedgers } from '../profiles/load-ledgers.js';
import { checkGateNames as checkUniqueNames, loadGatesFile, parseExpectLines } from '../profiles/load-gates.js';
import { loadProfiles } from '../profiles/load-profiles.js';
import { readReport } from '../report/read-report.js';
import { gateReasons, gatesTable, gatesTally, renderGatesMarkdown, renderJunit } from '../render/gates.js';
import { renderTableText } from '../render/terminal.js';
import { EXIT_GATE_FAILED_CODE, EXIT_OK } from './exit-codes.js';
import { parsePositiveNumber } from './parse-options.js';
import { LIMITS } from './run-options.js';
import { exitCodeOf, runWithView } from './run-with-view.js';
import { planRequest } from './claims-command.js';
import { UsageError } from './usage-error.js';

/** A gate run measures each cell it needs 3 times (intervals need repeats): 3 s each, or 1 s with --quick
 * (lengthened where the cell's queue needs it, up to 30 s, or 4 s with --quick). */
export const GATE_LOAD = { full: { durationSec: 3, warmupSec: 1, repeats: 3 }, quick: { durationSec: 1, warmupSec: 0.5, repeats: 3, maxWindowSec: 4 } } as const;

export const describeGateOptions = (yargs: Argv) =>
  yargs
    .option('gates', { alias: 'g', type: 'string', describe: 'YAML file of named gates (see gates.yml)' })
    .option('expect', { alias: 'e', type: 'string', array: true, default: [] as string[], describe: 'a gate line (repeatable), such as "waitress-like/health@10 p99 < 50ms"' })
    .option('report', { type: 'string', describe: 'judge this report (a run directory or its report.json) instead of running' })
    .option('baseline', { type: 'string', describe: 'report the "…x baseline" gates compare with (a run directory or report.json)' })
    .option('strict', { type: 'boolean', default: false, describe: 'an inconclusive gate fails the build too' })
    .option('quick', { type: 'boolean', default: false, describe: '3 repeats of 1 s per cell instead of 3 s; a shorter claims run' })
    .option('repeat', { alias: 'r', type: 'string', describe: 'measured repeats of each cell (at least 2: the intervals need them) [default: 3]' })
    .option('junit', { type: 'string', describe: 'also write the gates as JUnit XML to this file' })
    .option('json', { type: 'boolean', default: false, describe: 'print only the gates as JSON on stdout' })
    .option('out', { alias: 'o', type: 'string', default: LIMITS.out, describe: 'directory for run reports' })
    .option('startup-timeout', { type: 'string', default: String(LIMITS.startupTimeoutSec), describe: 'seconds a server has to answer /health after launch' })
    .example('$0 gate --gates gates.yml --quick', 'measure what gates.yml needs and judge it (under 2 minutes)')
    .example('$0 gate -e "waitress-like/health@10 rps >= 2x flask-dev/health@10"', 'one gate from the command line')
    .example('$0 gate --gates gates.yml --baseline reports/main --report reports/latest', 'judge an existing report against a baseline')
    .example('$0 gate -e "claim waitress.four-at-once == confirmed" --junit gates.xml', 'a claim as a gate, with JUnit output')
    .epilogue(
      'Gate grammar (README, Gates): CELL METRIC OP BOUND, where CELL is profile/scenario@connections (each part may be *), METRIC one of rps p50 p90 p99 max errors timeouts non2xx rss startup, OP one of < <= > >= == !=, and BOUND a number with a unit (50ms, 200MiB), FACTORx CELL, or FACTORx baseline; or: claim ID == confirmed|refuted|inconclusive.\n' +
        `Exit codes: 0 every gate passed (inconclusive and skipped ones do not fail unless --strict); ${EXIT_GATE_FAILED_CODE} a gate failed; 2 bad input (the error names the gate and what is wrong); 130 interrupted.`,
    );

type GateArgs = Awaited<ReturnType<typeof describeGateOptions>['argv']>;

const readGates = (args: GateArgs): Gate[] => {
  const gates = [...(args.gates === undefined ? [] : loadGatesFile(path.resolve(args.gates))), ...parseExpectLines(args.expect.map(String))];
  if (gates.length === 0) throw new UsageError('no gate to judge: give --gates FILE or --expect "<gate>"');
  checkUniqueNames(gates);
  return gates;
};

/** The run the gates need, measured on real servers; its report. */
const measure = async (args: GateArgs, gates: readonly Gate[], baseline: Report | undefined, argv: readonly string[]): Promise<{ report: Report; runDir: string }> => {
  const catalog = loadProfiles(PROFILES_DIR);
  const ledger = loadLedgers(CLAIMS_DIR, catalog);
  checkGateNames(gates, catalog, new Set(ledger.map((claim) => claim.id)));
  const plan = planGates(gates, catalog, ledger, { cores: os.availableParallelism(), quick: args.quick, ...(baseline ? { baseline } : {}) });
  const preset = args.quick ? GATE_LOAD.quick : GATE_LOAD.full;
  const load = { ...preset, repeats: args.repeat === undefined ? preset.repeats : parsePositiveNumber('repeat', args.repeat, { integer: true, max: 100 }) };
  if (load.repeats < 2) throw new UsageError(`--repeat: a gate needs at least 2 repeats per cell for its intervals, got ${load.repeats}`);
  const runPlan = toRunPlan(plan, load);
  const claims = ledger.filter((claim) => plan.claims.includes(claim));
  return runWithView(
    planRequest({ catalog, runPlan, load, claims, skipped: plan.skipped, out: args.out, startupTimeout: args['startup-timeout'], command: argv }),
    { json: args.json, render: () => '', silent: true },
  );
};

/** The gates as JSON (stdout with --json, and gates.json): which report and baseline they judged, then the outcome. */
const gatesJson = (outcome: GateOutcome, report: Report, baseline: Report | undefined, runDir: string | null): string =>
  `${JSON.stringify({ report: report.runId, runDir, baseline: baseline?.runId ?? null, ...outcome }, null, 2)}\n`;

/** Writes one output; a file that cannot be written is said, and does not change the gates' exit code. */
const tryWrite = (what: string, write: () => void): void => {
  try {
    write();
  } catch (error) {
    process.stderr.write(`bench: could not write ${what}: ${(error as Error).message.split('\n')[0]}\n`);
  }
};

const writeOutputs = (outcome: GateOutcome, args: GateArgs, source: string, runDir: string | null, json: string): void => {
  const markdown = renderGatesMarkdown(outcome, source);
  if (runDir !== null) {
    tryWrite('gates.json', () => writeFileSync(path.join(runDir, 'gates.json'), json));
    tryWrite('gates.md', () => writeFileSync(path.join(runDir, 'gates.md'), markdown));
  }
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) tryWrite(`$GITHUB_STEP_SUMMARY (${summary})`, () => appendFileSync(summary, `${markdown}\n`));
  const junit = args.junit;
  if (junit !== undefined) {
    const file = path.resolve(junit);
    tryWrite(`--junit ${junit}`, () => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, renderJunit(outcome, { suite: source, timestamp: new Date().toISOString() }));
    });
  }
};

export const gateCommand = async (args: GateArgs, argv: readonly string[]): Promise<number> => {
  const gates = readGates(args);
  const baseline = args.baseline === undefined ? undefined : readReport(args.baseline, '--baseline');
  let report: Report;
  let runDir: string | null = null;
  if (args.report !== undefined) {
    report = readReport(args.report, '--report');
  } else {
    const run = await measure(args, gates, baseline, argv);
    if (run.report.status === 'aborted') return exitCodeOf(run.report);
    ({ report, runDir } = run);
  }
  const outcome = judgeGates(gates, { report, ...(baseline ? { baseline } : {}) }, { strict: args.strict });
  const source = `Report ${report.runId}${runDir ? ` (${runDir})` : ''}${baseline ? `, baseline ${baseline.runId}` : ''}.`;
  const json = gatesJson(outcome, report, baseline, runDir);
  writeOutputs(outcome, args, source, runDir, json);
  if (args.json) process.stdout.write(json);
  else {
    const color = process.stdout.isTTY === true;
    process.stdout.write(`${renderTableText(gatesTable(outcome, { reasons: false }), color)}\n${gateReasons(outcome)}\n\n${gatesTally(outcome)}\n${source}\n${runDir ? `${runDir}\n` : ''}`);
  }
  return outcome.failed ? EXIT_GATE_FAILED_CODE : EXIT_OK;
};
