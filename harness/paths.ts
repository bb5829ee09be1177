// Where bench's own files are, wherever it is run from.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository (or installed package) root: dist/harness/paths.js sits two levels below it. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APPS_DIR = path.join(PACKAGE_ROOT, 'apps');
/** The profiles: profiles/ in the package, or the directory BENCH_PROFILES_DIR names (a team's own profiles). */
export const PROFILES_DIR = process.env.BENCH_PROFILES_DIR ? path.resolve(process.env.BENCH_PROFILES_DIR) : path.join(PACKAGE_ROOT, 'profiles');
export const VENV_DIR = path.join(PACKAGE_ROOT, '.venv');
export const CLAIMS_DIR = path.join(PACKAGE_ROOT, 'claims');
