// Fixing a profile to the machine that runs it: formulas such as "(2 * cores) + 1" become numbers.
import { resolveCount, type FormulaVariables } from './formula.js';
import type { Profile } from './profile-schema.js';

export type ResolvedProfile = Profile & {
  /** The formulas the profile file gave, by setting name, next to the value they gave here. */
  readonly formulas: Readonly<Record<string, string>>;
  readonly cores: number;
};

export const resolveProfile = (profile: Profile, variables: FormulaVariables): ResolvedProfile => {
  if (profile.server !== 'gunicorn') return { ...profile, formulas: {}, cores: variables.cores };
  const { workers } = profile.settings;
  return {
    ...profile,
    settings: { ...profile.settings, workers: resolveCount(workers, variables) },
    formulas: typeof workers === 'string' ? { workers } : {},
    cores: variables.cores,
  };
};
