// `bench list`: the profiles, apps and scenarios bench knows.
import os from 'node:os';
import Table from 'cli-table3';
import { APPS } from '../core/apps.js';
import { resolveProfile } from '../core/resolve-profile.js';
import { buildScenarios, SCENARIO_NAMES } from '../core/scenarios.js';
import { PROFILES_DIR } from '../paths.js';
import { loadProfiles } from '../profiles/load-profiles.js';

const describeSettings = (settings: Readonly<Record<string, unknown>>, formulas: Readonly<Record<string, string>>): string =>
  Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}${formulas[key] ? ` (${formulas[key]})` : ''}`)
    .join(' ');

export const listCommand = (args: { readonly json: boolean }): number => {
  const cores = os.availableParallelism();
  const profiles = [...loadProfiles(PROFILES_DIR).values()].map((profile) => resolveProfile(profile, { cores }));
  const scenarios = buildScenarios(SCENARIO_NAMES);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ cores, profiles, apps: Object.values(APPS), scenarios }, null, 2)}\n`);
    return 0;
  }
  const table = new Table({ head: ['profile', 'mode', 'server', 'app', `settings (${cores} cores)`, 'counterpart'], style: { head: [], border: [] } });
  table.push(...profiles.map((p) => [p.name, p.mode, p.server, p.app, describeSettings(p.settings, p.formulas), p.counterpart ?? '']));
  const lines = [
    'Profiles',
    table.toString(),
    '',
    'Apps',
    ...Object.values(APPS).map((app) => `  ${app.name.padEnd(9)} apps/${app.module}.py (${app.interface}): ${app.description}`),
    '',
    'Scenarios',
    ...scenarios.map((scenario) => `  ${scenario.name.padEnd(9)} ${scenario.description}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
};
