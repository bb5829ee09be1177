// `bench self` (npm run bench:self): bench checks its own instrument. First autocannon against wrk on every
// profile (bench validate), then both generators pushed to their ceiling on the fastest profile found.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Argv } from 'yargs';
import { buildSelfBenchmark, CEILING_CONNECTIONS, CEILING_SCENARIO, pickFastestProfile } from '../core/self-benchmark.js';
import { PROFILES_DIR } from '../paths.js';
import { loadProfiles } from '../profiles/load-profiles.js';
import { createRunDirectory } from '../report/run-directory.js';
import { ceilingTable, describeSelfBenchmark, renderSelfBenchmarkMarkdown } from '../render/self-benchmark.js';
import { renderTableText } from '../render/terminal.js';
import { EXIT_OK } from './exit-codes.js';
import { describeLoadOptions, parseRunRequest } from './run-options.js';
import { exitCodeOf, runWithView } from './run-with-view.js';
import { VALIDATE_DEFAULTS } from './validate-command.js';

export const describeSelfOptions = (yargs: Argv) =>
  describeLoadOptions(yargs, VALIDATE_DEFAULTS)
    .example('$0 self', 'autocannon against wrk on every profile, then the ceiling ratio on the fastest')
    .example('$0 self --quick -c 1,10', 'one pair of repeats per cell, two connection counts')
    .epilogue(
      `The ceiling is measured on the fastest of the profiles validated, on its ${CEILING_SCENARIO} scenario at ${CEILING_CONNECTIONS.join(', ')} connections, ` +
        'unpinned then pinned, whatever -s and -c say (they choose the validation\'s cells). ' +
        'Writes <out>/<run-id>/self-benchmark.json and self-benchmark.md beside the runs it made.',
    );

type SelfArgs = Awaited<ReturnType<typeof describeSelfOptions>['argv']>;

export const selfCommand = async (args: SelfArgs, argv: readonly string[]): Promise<number> => {
  const catalog = loadProfiles(PROFILES_DIR);
  const profile = args.profile.length > 0 ? args.profile : [...catalog.keys()];
  const request = parseRunRequest({ ...args, profile }, { catalog, defaults: VALIDATE_DEFAULTS, crossCheck: true, command: argv });
  const view = { json: args.json, silent: true, render: () => '' };
  const validation = await runWithView(request, view);
  // A cell that failed (a server died) does not stop the ceiling; an interruption does.
  if (validation.report.status === 'aborted') return exitCodeOf(validation.report);
  const fastest = pickFastestProfile(validation.report);
  // Unpinned first, as bench runs by default; then pinned (which pins this process for good, so it comes last).
  const ceilings = [];
  for (const pin of fastest ? [false, true] : []) {
    const run = await runWithView({ ...request, pin, profiles: [fastest!], withCounterparts: false, scenarios: [CEILING_SCENARIO], connections: CEILING_CONNECTIONS }, view);
    ceilings.push(run.report);
    if (run.report.status === 'aborted') break;
  }
  const self = buildSelfBenchmark({ validation: validation.report, ceilings, createdAt: new Date().toISOString() });
  const { runDir } = await createRunDirectory(request.outDir, 'self-benchmark', new Date());
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'self-benchmark.json'), `${JSON.stringify(self, null, 2)}\n`);
  await writeFile(path.join(runDir, 'self-benchmark.md'), renderSelfBenchmarkMarkdown(self));
  if (args.json) process.stdout.write(`${JSON.stringify(self, null, 2)}\n`);
  else {
    const tables = self.ceilings.map((ceiling) => renderTableText(ceilingTable(ceiling), false));
    process.stdout.write([...describeSelfBenchmark(self), ...tables.flatMap((table) => ['', table]), '', runDir].join('\n') + '\n');
  }
  return [validation.report, ...ceilings].map(exitCodeOf).find((code) => code !== EXIT_OK) ?? EXIT_OK;
};
