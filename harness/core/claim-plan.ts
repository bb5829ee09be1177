// What `bench claims` runs for a set of claims: each profile (with a claim's settings laid over its own, as a
// variant named like "gunicorn-sync(workers=4)") once, with the cells its claims read and the probes they need.
// Pure: the plan is built and tested without a server.
import type { Claim, ClaimTest } from './claims-schema.js';
import type { CellSpec, ProfilePlan, RunPlan } from './plan.js';
import { cellId } from './plan.js';
import type { Profile } from './profile-schema.js';
import { resolveProfile, type ResolvedProfile } from './resolve-profile.js';
import { buildScenario, SCENARIO_NAMES, type Scenario, type ScenarioName } from './scenarios.js';
import { withSettings } from './ledger-validation.js';
import { probeKey, type ProbeSpec } from './probe-spec.js';

export interface ClaimsPlanOptions {
  readonly cores: number;
  /** Fewer sweep points and no idle-connection wait (which takes 60–90 s). */
  readonly quick: boolean;
}

export type ClaimsProfilePlan = ProfilePlan & { readonly probes: readonly ProbeSpec[] };

export interface ClaimsPlan {
  readonly profiles: readonly ClaimsProfilePlan[];
  readonly scenarios: readonly Scenario[];
  /** Claims left out of the run, and why (the rest are all measured). */
  readonly skipped: ReadonlyMap<string, string>;
}

/** A profile with settings laid over its own goes by its name and those settings: "gunicorn-sync(workers=4)". */
export const variantName = (profile: string, settings: Readonly<Record<string, unknown>> | undefined): string => {
  const entries = Object.entries(settings ?? {});
  return entries.length === 0 ? profile : `${profile}(${entries.map(([key, value]) => `${key}=${String(value)}`).join(',')})`;
};

/** Worker counts of a sweep: 1 to (4 × cores) + 1, or with --quick its ends, the cores, the formula and the count judged. */
export const sweepCounts = (cores: number, quick: boolean, judged: readonly number[]): number[] => {
  const top = 4 * cores + 1;
  const all = quick ? [1, cores, 2 * cores + 1, top, ...judged] : Array.from({ length: top }, (_, index) => index + 1);
  return [...new Set(all.filter((count) => count >= 1 && count <= top))].sort((a, b) => a - b);
};

/** The worker count a sweep claim judges: its profile's, with the claim's settings, on this machine. */
export const judgedWorkers = (test: Extract<ClaimTest, { shape: 'sweep' }>, catalog: ReadonlyMap<string, Profile>, cores: number): number => {
  const profile = resolveProfile(withSettings(catalog.get(test.profile.profile)!, test.profile.settings, test.profile.profile), { cores });
  return profile.server === 'gunicorn' ? profile.settings.workers as number : 1;
};

/** The sweep's variants of the profile: its settings with only the workers changed. */
export const sweepVariant = (profile: string, workers: number): { readonly profile: string; readonly settings: { readonly workers: number } } => ({ profile, settings: { workers } });

/** The probe a claim's test runs on its profile (a colleagues test: on both of its profiles); null where the test
 * reads cells. The plan runs it, the evidence finds its result by its key. */
export const probeOf = (test: ClaimTest): ProbeSpec | null => {
  switch (test.shape) {
    case 'colleagues':
      return { kind: 'colleagues', users: test.users, analysisMs: test.analysisMs };
    case 'memory':
      return { kind: 'memory' };
    case 'startup':
      return { kind: 'startup' };
    case 'idle':
      return { kind: 'idle', waitSec: test.waitSec };
    case 'probe':
      return { kind: 'probe', scenario: test.scenario, connections: test.connections, paths: test.paths, withinMs: test.withinMs };
    case 'reload':
      return { kind: 'reload', scenario: test.scenario, connections: test.connections };
    case 'recycle':
      return { kind: 'recycle', connections: test.connections, requests: test.requests };
    case 'crash':
      return { kind: 'crash', scenario: test.scenario, connections: test.connections };
    case 'shutdown':
      return { kind: 'shutdown', requests: test.requests, requestMs: test.requestMs };
    case 'cell':
    case 'ratio':
    case 'sweep':
    case 'unmeasured':
      return null;
  }
};

/** --quick waits for an idle connection to close only this long (keepalive 5 s, not channel_timeout 60 s). */
const QUICK_IDLE_WAIT_SEC = 30;

export const planClaims = (claims: readonly Claim[], catalog: ReadonlyMap<string, Profile>, options: ClaimsPlanOptions): ClaimsPlan => {
  const variants = new Map<string, { profile: ResolvedProfile; cells: Map<string, CellSpec>; probes: Map<string, ProbeSpec> }>();
  const skipped = new Map<string, string>();
  const variant = (ref: { readonly profile: string; readonly settings?: Readonly<Record<string, unknown>> | undefined }) => {
    const name = variantName(ref.profile, ref.settings);
    let entry = variants.get(name);
    if (!entry) {
      const base = withSettings(catalog.get(ref.profile)!, ref.settings as Record<string, unknown> | undefined, name);
      entry = { profile: resolveProfile({ ...base, name }, { cores: options.cores }), cells: new Map(), probes: new Map() };
      variants.set(name, entry);
    }
    return entry;
  };
  const addCell = (ref: { readonly profile: string; readonly settings?: Readonly<Record<string, unknown>> | undefined }, scenario: ScenarioName, connections: number): void => {
    const entry = variant(ref);
    const id = cellId(entry.profile.name, scenario, connections);
    entry.cells.set(id, { id, profile: entry.profile.name, scenario, connections });
  };
  const addProbe = (ref: { readonly profile: string; readonly settings?: Readonly<Record<string, unknown>> | undefined }, probe: ProbeSpec): void => {
    variant(ref).probes.set(probeKey(probe), probe);
  };
  for (const claim of claims) {
    const { test } = claim;
    if (claim.forCores !== undefined && claim.forCores !== options.cores) continue;
    switch (test.shape) {
      case 'cell':
        addCell(test.cell, test.cell.scenario, test.cell.connections);
        break;
      case 'ratio':
        addCell(test.of.cell, test.of.cell.scenario, test.of.cell.connections);
        addCell(test.to.cell, test.to.cell.scenario, test.to.cell.connections);
        break;
      case 'colleagues':
        addProbe(test.profile, probeOf(test)!);
        addProbe(test.against, probeOf(test)!);
        break;
      case 'startup':
        addProbe(test.profile, { kind: 'startup', ...(options.quick ? { launches: 1 } : {}) });
        break;
      case 'idle':
        if (options.quick && test.waitSec > QUICK_IDLE_WAIT_SEC) skipped.set(claim.id, `not measured with --quick: an idle connection takes up to ${test.waitSec} s to close`);
        else addProbe(test.profile, probeOf(test)!);
        break;
      case 'memory':
      case 'probe':
      case 'reload':
      case 'recycle':
      case 'crash':
      case 'shutdown':
        addProbe(test.profile, probeOf(test)!);
        break;
      case 'sweep':
        for (const workers of sweepCounts(options.cores, options.quick, [judgedWorkers(test, catalog, options.cores)])) {
          addCell(sweepVariant(test.profile.profile, workers), test.scenario, test.connections);
        }
        break;
      case 'unmeasured':
        break;
    }
  }
  // Every profile's memory at rest, for the memory table beside its peak under the cells' load (--quick: only where
  // a claim needs it; the table then shows the rest's peak under load alone).
  if (!options.quick) for (const entry of variants.values()) entry.probes.set(probeKey({ kind: 'memory' }), { kind: 'memory' });
  return {
    profiles: [...variants.values()].map((entry) => ({ profile: entry.profile, cells: [...entry.cells.values()], probes: [...entry.probes.values()] })),
    scenarios: SCENARIO_NAMES.map((name) => buildScenario(name)),
    skipped,
  };
};

/** The run plan of a claims plan: its profiles, their sparse cells, the durations and repeats asked for. */
export const toRunPlan = (plan: ClaimsPlan, load: { readonly durationSec: number; readonly warmupSec: number; readonly repeats: number; readonly maxWindowSec?: number }): RunPlan => ({
  profiles: plan.profiles,
  scenarios: plan.scenarios,
  connections: [...new Set(plan.profiles.flatMap((entry) => entry.cells.map((cell) => cell.connections)))].sort((a, b) => a - b),
  durationSec: load.durationSec,
  warmupSec: load.warmupSec,
  repeats: load.repeats,
  extraRepeats: 0,
  totalCells: plan.profiles.reduce((sum, entry) => sum + entry.cells.length, 0),
  ...(load.maxWindowSec === undefined ? {} : { maxWindowSec: load.maxWindowSec }),
});
