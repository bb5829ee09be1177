// Which Python interpreter runs the servers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { VENV_DIR } from '../paths.js';

export const DEBIAN_PYTHON = '/usr/bin/python3';
export const VENV_PYTHON = path.join(VENV_DIR, 'bin', 'python');

/**
 * BENCH_PYTHON if set; else bench's own virtualenv if it made one; else the system Python that Debian's
 * packages install into (a pyenv or other `python3` on PATH does not see them).
 */
export const resolvePython = (env: NodeJS.ProcessEnv = process.env): string => {
  if (env.BENCH_PYTHON) return env.BENCH_PYTHON;
  if (existsSync(VENV_PYTHON)) return VENV_PYTHON;
  if (existsSync(DEBIAN_PYTHON)) return DEBIAN_PYTHON;
  return 'python3';
};
