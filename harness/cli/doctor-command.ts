// `bench doctor`: each server with its version, and what is missing with the command that installs it.
import { formatInstallCommands, planInstall, provisionServers } from '../servers/provision.js';
import { REQUIREMENTS, takeInventory } from '../servers/inventory.js';
import { resolvePython } from '../servers/python.js';
import { autocannonPatchProblem } from '../load/autocannon-patch.js';

export const doctorCommand = async (args: { readonly install: boolean; readonly json: boolean }): Promise<number> => {
  const python = resolvePython();
  const inventory = args.install ? await provisionServers({ python, log: (line) => process.stderr.write(`bench: ${line}\n`) }) : await takeInventory(python);
  const install = inventory.missing.length > 0 ? formatInstallCommands(planInstall()) : null;
  const unpatched = autocannonPatchProblem();
  const ok = inventory.missing.length === 0 && unpatched === null;
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ python: inventory.python, servers: inventory.versions, missing: inventory.missing.map((r) => r.distribution), install, autocannonPatch: unpatched ?? 'applied' }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  const lines = [
    `python    ${inventory.python.version ?? 'not working'} (${inventory.python.path})`,
    ...REQUIREMENTS.map((r) => `${r.distribution.padEnd(9)} ${inventory.versions[r.distribution] ?? 'MISSING'}${inventory.versions[r.distribution] ? '' : ` (needed for ${r.neededFor})`}`),
  ];
  if (install) lines.push('', `To install what is missing: ${install}`, 'or run: bench doctor --install');
  else lines.push('', 'Every server bench needs is installed.');
  lines.push(unpatched === null ? "autocannon carries bench's patch." : `But ${unpatched}.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
};
