// What a run will do: which profiles, in which order, and the cells (profile × scenario × connections) to measure.
import type { ProbeSpec } from './probe-spec.js';
import type { Profile } from './profile-schema.js';
import type { ResolvedProfile } from './resolve-profile.js';
import type { Scenario, ScenarioName } from './scenarios.js';

export interface CellSpec {
  /** "profile/scenario@connections", the name a cell goes by in reports and gates. */
  readonly id: string;
  readonly profile: string;
  readonly scenario: ScenarioName;
  readonly connections: number;
}

export interface ProfilePlan {
  readonly profile: ResolvedProfile;
  readonly cells: readonly CellSpec[];
  /** Measured on the same server besides its cells (bench claims). */
  readonly probes?: readonly ProbeSpec[];
}

export interface RunPlan {
  readonly profiles: readonly ProfilePlan[];
  readonly scenarios: readonly Scenario[];
  readonly connections: readonly number[];
  readonly durationSec: number;
  readonly warmupSec: number;
  /** Measured repeats of each cell. */
  readonly repeats: number;
  /** When cross-checking: pairs of repeats added, up to this many, to a cell the cross-check finds too noisy to
   * judge (0: none). */
  readonly extraRepeats: number;
  readonly totalCells: number;
  /** The longest a cell's window is lengthened to (see windowSec); default MAX_WINDOW_SEC. */
  readonly maxWindowSec?: number;
}

export const cellId = (profile: string, scenario: string, connections: number): string => `${profile}/${scenario}@${connections}`;

/**
 * The profiles to run for the names asked for: each production profile is preceded by its dev-mode
 * counterpart (unless `withCounterparts` is false), and none runs twice.
 */
export const selectProfiles = (requested: readonly string[], catalog: ReadonlyMap<string, Profile>, withCounterparts: boolean): Profile[] => {
  const selected = new Map<string, Profile>();
  for (const name of requested) {
    const profile = catalog.get(name);
    if (!profile) throw new RangeError(`unknown profile "${name}"`);
    const counterpart = withCounterparts && profile.counterpart ? catalog.get(profile.counterpart) : undefined;
    if (counterpart && !selected.has(counterpart.name)) selected.set(counterpart.name, counterpart);
    if (!selected.has(name)) selected.set(name, profile);
  }
  return [...selected.values()];
};

export interface PlanInput {
  readonly profiles: readonly ResolvedProfile[];
  readonly scenarios: readonly Scenario[];
  readonly connections: readonly number[];
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly repeats: number;
  readonly extraRepeats?: number;
}

export const buildPlan = (input: PlanInput): RunPlan => {
  const profiles = input.profiles.map((profile) => ({
    profile,
    cells: input.scenarios.flatMap((scenario) =>
      input.connections.map((connections) => ({ id: cellId(profile.name, scenario.name, connections), profile: profile.name, scenario: scenario.name, connections })),
    ),
  }));
  return {
    profiles,
    scenarios: input.scenarios,
    connections: input.connections,
    durationSec: input.durationSec,
    warmupSec: input.warmupSec,
    repeats: input.repeats,
    extraRepeats: input.extraRepeats ?? 0,
    totalCells: profiles.reduce((sum, entry) => sum + entry.cells.length, 0),
  };
};
