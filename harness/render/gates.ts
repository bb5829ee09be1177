// What `bench gate` shows and writes: the gate table (terminal and Markdown share its rows), the tally, and JUnit
// XML for CI systems that read it.
import type { GateCheck, GateOutcome, GateResult } from '../core/gate-eval.js';
import { DASH, formatBytes, formatCount, formatMs, formatRatio, formatRps } from './format-values.js';
import { markdownTable } from './markdown.js';
import type { TableData } from './tables.js';

const formatValue = (value: number, unit: string): string => {
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'req/s':
      return `${formatRps(value)} req/s`;
    default:
      return formatCount(value);
  }
};

const measuredText = (gate: GateResult, check: GateCheck): string => {
  if (gate.kind === 'claim') return check.claimVerdict ?? DASH;
  if (check.value === null && !check.sides) return DASH;
  if (gate.kind === 'absolute') return formatValue(check.value!, gate.unit);
  const sides = check.sides ? ` (${formatValue(check.sides.measured, gate.unit)} vs ${formatValue(check.sides.reference, gate.unit)})` : '';
  return `${formatRatio(check.value)}${sides}`;
};

const boundText = (gate: GateResult, check: GateCheck): string => {
  const expression = gate.line.trim().split(/\s+/);
  if (gate.kind === 'claim') return `${gate.op} ${expression[expression.length - 1] ?? ''}`;
  if (check.bound === null) return DASH;
  if (gate.kind === 'absolute') return `${gate.op} ${formatValue(check.bound, gate.unit)}`;
  return `${gate.op} ${check.bound}× ${check.sides?.referenceSubject ?? (gate.kind === 'baseline' ? 'baseline' : '')}`.trim();
};

const intervalText = (gate: GateResult, check: GateCheck): string => {
  if (check.interval === null) return check.verdict === 'skipped' || gate.kind === 'claim' ? DASH : 'exact';
  const [lo, hi] = check.interval;
  return gate.kind === 'absolute' ? `${formatValue(lo, gate.unit)} – ${formatValue(hi, gate.unit)}` : `${formatRatio(lo)} – ${formatRatio(hi)}`;
};

const VERDICT_TEXT = { pass: 'pass', fail: 'FAIL', inconclusive: 'inconclusive', skipped: 'skipped' } as const;

/** The rows of a gate: one per check, except that checks skipped for the same reason share one row. */
const gateRows = (gate: GateResult): { readonly check: GateCheck; readonly subject: string }[] => {
  const skipped = gate.checks.filter((check) => check.verdict === 'skipped');
  const sameReason = skipped.length > 1 && skipped.every((check) => check.reason === skipped[0]!.reason);
  const rows = gate.checks.filter((check) => !sameReason || check.verdict !== 'skipped').map((check) => ({ check, subject: check.subject }));
  return sameReason ? [...rows, { check: skipped[0]!, subject: `${skipped.length} cells` }] : rows;
};

/** The gate table; with `reasons`, a last column says what decided each verdict (Markdown), else the terminal
 * lists the reasons under the table (gateReasons). */
export const gatesTable = (outcome: GateOutcome, options: { readonly reasons: boolean } = { reasons: true }): TableData => ({
  title: 'Gates',
  head: ['gate', 'cell', 'measured', 'bound', '95% interval', 'verdict', ...(options.reasons ? ['what decided it'] : [])],
  rows: outcome.gates.flatMap((gate) =>
    gateRows(gate).map(({ check, subject }, index) => [
      index === 0 ? `${gate.name}: ${gate.line}` : '',
      subject,
      measuredText(gate, check),
      boundText(gate, check),
      intervalText(gate, check),
      VERDICT_TEXT[check.verdict],
      ...(options.reasons ? [check.reason] : []),
    ]),
  ),
});

/** What decided each verdict, one line per row of the terminal table. */
export const gateReasons = (outcome: GateOutcome): string =>
  outcome.gates
    .flatMap((gate) => gateRows(gate).map(({ check, subject }) => `- ${gate.name}, ${subject}: ${VERDICT_TEXT[check.verdict]}: ${check.reason}`))
    .join('\n');

export const gatesTally = (outcome: GateOutcome): string => {
  const { tally } = outcome;
  const parts = [`${tally.pass} passed`, `${tally.fail} failed`, `${tally.inconclusive} inconclusive`, ...(tally.skipped > 0 ? [`${tally.skipped} skipped`] : [])];
  const rule = outcome.strict ? 'with --strict an inconclusive gate fails the build' : 'an inconclusive gate does not fail the build (--strict makes it)';
  return `${outcome.gates.length} gates: ${parts.join(', ')}. ${outcome.failed ? 'FAILED' : 'Passed'} (${rule}).`;
};

const xml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** JUnit XML: one test case per check; a failed check is a <failure>, an inconclusive or skipped one <skipped>
 * (an <failure> with --strict). */
export const renderJunit = (outcome: GateOutcome, options: { readonly suite: string; readonly timestamp: string }): string => {
  const cases = outcome.gates.flatMap((gate) =>
    gate.checks.map((check) => {
      const name = xml(`${gate.name} ${check.subject}`);
      const message = xml(`${measuredText(gate, check)} ${boundText(gate, check)} [${intervalText(gate, check)}]: ${check.reason}`);
      const failing = check.verdict === 'fail' || (outcome.strict && check.verdict === 'inconclusive');
      const body = failing
        ? `<failure message="${message}" type="${check.verdict}">${xml(gate.line)}</failure>`
        : check.verdict === 'inconclusive' || check.verdict === 'skipped'
          ? `<skipped message="${message}"/>`
          : `<system-out>${message}</system-out>`;
      return `    <testcase classname="bench.gate" name="${name}">${body}</testcase>`;
    }),
  );
  const checks = outcome.gates.flatMap((gate) => gate.checks);
  const failures = checks.filter((check) => check.verdict === 'fail' || (outcome.strict && check.verdict === 'inconclusive')).length;
  const skipped = checks.filter((check) => (check.verdict === 'inconclusive' && !outcome.strict) || check.verdict === 'skipped').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bench gate" tests="${checks.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="${xml(options.suite)}" tests="${checks.length}" failures="${failures}" skipped="${skipped}" errors="0" timestamp="${xml(options.timestamp)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};

export const GATES_METHOD =
  'A check fails when no part of the 95% interval of its figure satisfies the bound (more than noise); otherwise it passes when the figure itself satisfies the bound, and is inconclusive when the figure breaks the bound but its interval reaches back to it (noise could explain it). An absolute bound is held against the 95% Student-t interval of the mean over the cell\'s repeats; a relative or baseline bound against the 95% interval of the ratio of the two cells\' means (delta method on the log of the ratio, Welch–Satterthwaite degrees of freedom). Counts (errors, timeouts, non2xx) and start-up are compared exactly. A failing check on a generator-bound cell, and any check on a cell past its bound, is inconclusive: the figure is not the server\'s.';

export const renderGatesMarkdown = (outcome: GateOutcome, source: string): string =>
  ['## bench gate', '', source, '', markdownTable(gatesTable(outcome)), '', gatesTally(outcome), '', GATES_METHOD, ''].join('\n');
