// What a fresh `bench gate` run measures: the cells its gates name, the claims they ask about (with what those
// claims need), and, for a wildcard gate against a baseline, the baseline's cells it matches. Pure.
import { planClaims, type ClaimsPlan, type ClaimsProfilePlan } from './claim-plan.js';
import type { Claim } from './claims-schema.js';
import { formatCells, isConcrete, matchesCell, resolveAgainst, type CellPattern, type Gate } from './gate-grammar.js';
import { cellId, type CellSpec } from './plan.js';
import type { Profile } from './profile-schema.js';
import { probeKey } from './probe-spec.js';
import type { Report } from './report.js';
import { isCompleted } from './results.js';
import { resolveProfile } from './resolve-profile.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.js';

export class GatePlanError extends Error {
  override readonly name = 'GatePlanError';
}

/** Names in the gates that bench does not know: an unknown profile, scenario or claim is bad input, found before
 * anything runs. */
export const checkGateNames = (gates: readonly Gate[], catalog: ReadonlyMap<string, Profile>, claimIds: ReadonlySet<string>): void => {
  for (const gate of gates) {
    const { expression } = gate;
    if (expression.kind === 'claim') {
      if (!claimIds.has(expression.claim)) throw new GatePlanError(`gate "${gate.name}": unknown claim "${expression.claim}" (see claims/*.yaml)`);
      continue;
    }
    const patterns = [expression.cells, ...(expression.bound.kind === 'relative' ? [expression.bound.cells] : [])];
    for (const pattern of patterns) {
      if (pattern.profile !== null && !catalog.has(pattern.profile)) throw new GatePlanError(`gate "${gate.name}": unknown profile "${pattern.profile}" (see bench list)`);
      if (pattern.scenario !== null && !(SCENARIO_NAMES as readonly string[]).includes(pattern.scenario)) {
        throw new GatePlanError(`gate "${gate.name}": unknown scenario "${pattern.scenario}" (known: ${SCENARIO_NAMES.join(', ')})`);
      }
    }
  }
};

interface Wanted {
  readonly cells: Map<string, CellSpec>;
  readonly startup: Set<string>;
}

const want = (wanted: Wanted, pattern: CellPattern, metric: string): void => {
  if (metric === 'startup') {
    if (pattern.profile !== null) wanted.startup.add(pattern.profile);
    return;
  }
  if (!isConcrete(pattern)) return;
  const id = cellId(pattern.profile!, pattern.scenario!, pattern.connections!);
  wanted.cells.set(id, { id, profile: pattern.profile!, scenario: pattern.scenario as ScenarioName, connections: pattern.connections! });
};

export interface GatePlan extends ClaimsPlan {
  /** The ledger's claims the gates ask about, judged by the run. */
  readonly claims: readonly Claim[];
}

/**
 * The run a set of gates needs. A "*" in a gate matches among the cells measured for the other gates, or, in a gate
 * against the baseline, among the baseline's cells; a set of gates that names nothing to measure is bad input.
 */
export const planGates = (
  gates: readonly Gate[],
  catalog: ReadonlyMap<string, Profile>,
  ledger: readonly Claim[],
  options: { readonly cores: number; readonly quick: boolean; readonly baseline?: Report },
): GatePlan => {
  const wanted: Wanted = { cells: new Map(), startup: new Set() };
  const claimIds = new Set<string>();
  for (const gate of gates) {
    const { expression } = gate;
    if (expression.kind === 'claim') {
      claimIds.add(expression.claim);
      continue;
    }
    want(wanted, expression.cells, expression.metric);
    if (expression.bound.kind === 'relative') want(wanted, expression.bound.cells, expression.metric);
    if (expression.bound.kind === 'baseline' && options.baseline && expression.metric !== 'startup') {
      for (const cell of options.baseline.results.filter(isCompleted)) {
        if (matchesCell(expression.cells, cell) && catalog.has(cell.profile)) want(wanted, { profile: cell.profile, scenario: cell.scenario, connections: cell.connections }, expression.metric);
      }
    }
  }
  // The other side of a relative gate whose bound has a "*": resolved against each cell its left side matches.
  for (const gate of gates) {
    const { expression } = gate;
    if (expression.kind !== 'metric' || expression.bound.kind !== 'relative' || isConcrete(expression.bound.cells)) continue;
    const { bound } = expression;
    for (const cell of [...wanted.cells.values()].filter((planned) => matchesCell(expression.cells, planned))) {
      const target = resolveAgainst(bound.cells, cell);
      if (catalog.has(target.profile)) want(wanted, target, expression.metric);
    }
  }
  const claims = ledger.filter((claim) => claimIds.has(claim.id));
  const base = planClaims(claims, catalog, options);
  const profiles = new Map<string, { plan: ClaimsProfilePlan; cells: CellSpec[]; probes: ClaimsProfilePlan['probes'][number][] }>(
    base.profiles.map((entry) => [entry.profile.name, { plan: entry, cells: [...entry.cells], probes: [...entry.probes] }]),
  );
  const entryFor = (name: string) => {
    let entry = profiles.get(name);
    if (!entry) {
      const plan: ClaimsProfilePlan = { profile: resolveProfile(catalog.get(name)!, { cores: options.cores }), cells: [], probes: [] };
      entry = { plan, cells: [], probes: [] };
      profiles.set(name, entry);
    }
    return entry;
  };
  for (const cell of wanted.cells.values()) {
    const entry = entryFor(cell.profile);
    if (!entry.cells.some((existing) => existing.id === cell.id)) entry.cells.push(cell);
  }
  for (const name of wanted.startup) {
    const entry = entryFor(name);
    // A profile measured for nothing else is launched for its start-up alone.
    if (entry.cells.length === 0 && !entry.probes.some((probe) => probeKey(probe) === 'startup')) entry.probes.push({ kind: 'startup', launches: 1 });
  }
  const planned = [...profiles.values()].map((entry) => ({ ...entry.plan, cells: entry.cells, probes: entry.probes }));
  if (planned.every((entry) => entry.cells.length === 0 && entry.probes.length === 0) && claims.length === 0) {
    const wildcards = gates.filter((gate) => gate.expression.kind === 'metric').map((gate) => (gate.expression.kind === 'metric' ? formatCells(gate.expression.cells) : ''));
    throw new GatePlanError(`the gates name no cell to measure (${wildcards.join(', ')}): name at least one cell such as waitress-like/health@10, or give --baseline or --report`);
  }
  return { profiles: planned, scenarios: base.scenarios, skipped: base.skipped, claims };
};
