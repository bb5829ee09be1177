// `bench claims`: run what the ledger's claims need, on real servers, and give each claim its verdict.
import os from 'node:os';
import path from 'node:path';
import type { Argv } from 'yargs';
import { claimsJson } from '../core/claims-report.js';
import { planClaims, toRunPlan } from '../core/claim-plan.js';
import { CLAIMS_DIR, PROFILES_DIR } from '../paths.js';
import { loadLedgers, type LedgerClaim } from '../profiles/load-ledgers.js';
import { loadProfiles } from '../profiles/load-profiles.js';
import { renderClaimsTerminal } from '../render/terminal.js';
import { parsePositiveNumber } from './parse-options.js';
import { LIMITS, type ParsedRequest } from './run-options.js';
import type { Profile } from '../core/profile-schema.js';
import type { RunPlan } from '../core/plan.js';
import { exitCodeOf, runWithView } from './run-with-view.js';
import { UsageError } from './usage-error.js';

/** A full run: 3 repeats of 3 s per cell (lengthened up to 30 s where the cell's queue needs it); --quick: 1 repeat
 * of 2 s (lengthened up to 6 s), fewer sweep points, one launch for start-up, no 60–90 s idle-connection wait. */
export const CLAIMS_LOAD = { full: { durationSec: 3, warmupSec: 1, repeats: 3 }, quick: { durationSec: 2, warmupSec: 0.5, repeats: 1, maxWindowSec: 6 } } as const;

export const describeClaimsOptions = (yargs: Argv) =>
  yargs
    .option('document', { alias: 'D', type: 'string', array: true, default: [] as string[], describe: 'only the claims of this document (file name in shared/documents, or its number such as 003; repeatable)' })
    .option('claim', { alias: 'C', type: 'string', array: true, default: [] as string[], describe: 'only this claim (id such as waitress.four-at-once; repeatable)' })
    .option('quick', { type: 'boolean', default: false, describe: '1 repeat of 2 s per cell, a shorter workers sweep, no 60–90 s idle-connection wait' })
    .option('json', { type: 'boolean', default: false, describe: 'print only { "claims": [...] } on stdout' })
    .option('out', { alias: 'o', type: 'string', default: LIMITS.out, describe: 'directory for run reports' })
    .option('startup-timeout', { type: 'string', default: String(LIMITS.startupTimeoutSec), describe: 'seconds a server has to answer /health after launch' })
    .example('$0 claims', 'every claim of the five documents, with its verdict')
    .example('$0 claims --document 003 --quick', "document 003's claims, quickly")
    .example('$0 claims --claim waitress.four-at-once --json', 'one claim, as JSON')
    .epilogue('Verdicts: confirmed, refuted, or inconclusive with the reason. The ledger is claims/*.yaml. Exit codes: 0 the run completed (whatever the verdicts); 1 a server failed; 2 bad input; 130 interrupted.');

type ClaimsArgs = Awaited<ReturnType<typeof describeClaimsOptions>['argv']>;

/** The claims asked for: all, or those of the documents and ids named (each name must match something). */
export const selectClaims = (claims: readonly LedgerClaim[], documents: readonly string[], ids: readonly string[]): LedgerClaim[] => {
  const known = [...new Set(claims.map((claim) => claim.document))];
  const wanted = documents.map((name) => {
    const match = known.find((document) => document === name || document === path.basename(name) || document.split('_')[0] === name);
    if (!match) throw new UsageError(`--document: no ledger for "${name}" (known: ${known.join(', ')})`);
    return match;
  });
  for (const id of ids) {
    if (!claims.some((claim) => claim.id === id)) throw new UsageError(`--claim: unknown claim "${id}" (see claims/*.yaml)`);
  }
  if (wanted.length === 0 && ids.length === 0) return [...claims];
  return claims.filter((claim) => wanted.includes(claim.document) || ids.includes(claim.id));
};

/** The run request of a sparse plan built by a command (bench claims, bench gate): its profiles, cells and probes,
 * the load asked for, and the claims to judge (all of them shown). */
export const planRequest = (input: {
  readonly catalog: ReadonlyMap<string, Profile>;
  readonly runPlan: RunPlan;
  readonly load: { readonly durationSec: number; readonly warmupSec: number; readonly repeats: number };
  readonly claims: readonly LedgerClaim[];
  readonly skipped: ReadonlyMap<string, string>;
  readonly out: string;
  readonly startupTimeout: string;
  readonly command: readonly string[];
}): ParsedRequest => ({
  catalog: input.catalog,
  profiles: input.runPlan.profiles.map((entry) => entry.profile.name),
  withCounterparts: false,
  scenarios: [],
  scenarioOptions: { analysisMs: 1000 },
  connections: input.runPlan.connections,
  durationSec: input.load.durationSec,
  warmupSec: input.load.warmupSec,
  repeats: input.load.repeats,
  pin: false,
  crossCheck: false,
  outDir: path.resolve(input.out),
  startupTimeoutMs: parsePositiveNumber('startup-timeout', input.startupTimeout, { max: 600 }) * 1000,
  command: input.command,
  plan: input.runPlan,
  claims: { claims: input.claims, catalog: input.catalog, skipped: input.skipped, all: true },
});

export const claimsCommand = async (args: ClaimsArgs, argv: readonly string[]): Promise<number> => {
  const catalog = loadProfiles(PROFILES_DIR);
  const claims = selectClaims(loadLedgers(CLAIMS_DIR, catalog), args.document, args.claim);
  const cores = os.availableParallelism();
  const plan = planClaims(claims, catalog, { cores, quick: args.quick });
  const load = args.quick ? CLAIMS_LOAD.quick : CLAIMS_LOAD.full;
  const runPlan = toRunPlan(plan, load);
  const { report } = await runWithView(
    planRequest({ catalog, runPlan, load, claims, skipped: plan.skipped, out: args.out, startupTimeout: args['startup-timeout'], command: argv }),
    { json: args.json, render: renderClaimsTerminal, silent: args.json },
  );
  if (args.json) process.stdout.write(`${JSON.stringify(claimsJson(report.claims ?? []), null, 2)}\n`);
  return exitCodeOf(report);
};
