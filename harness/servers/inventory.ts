// What the servers need and what this machine has: Python modules, their Debian packages and pip names.
import { execa } from 'execa';

export interface Requirement {
  /** The Python module bench imports. */
  readonly module: string;
  /** The distribution whose version is reported. */
  readonly distribution: string;
  readonly debianPackage: string;
  readonly pipPackage: string;
  readonly neededFor: string;
}

export const REQUIREMENTS: readonly Requirement[] = [
  { module: 'flask', distribution: 'flask', debianPackage: 'python3-flask', pipPackage: 'flask', neededFor: 'the Flask apps and the Flask dev server' },
  { module: 'waitress', distribution: 'waitress', debianPackage: 'python3-waitress', pipPackage: 'waitress', neededFor: 'waitress profiles' },
  { module: 'gunicorn', distribution: 'gunicorn', debianPackage: 'gunicorn', pipPackage: 'gunicorn', neededFor: 'gunicorn profiles' },
  { module: 'gevent', distribution: 'gevent', debianPackage: 'python3-gevent', pipPackage: 'gevent', neededFor: 'gunicorn-gevent' },
  { module: 'eventlet', distribution: 'eventlet', debianPackage: 'python3-eventlet', pipPackage: 'eventlet', neededFor: 'gunicorn-eventlet' },
  { module: 'fastapi', distribution: 'fastapi', debianPackage: 'python3-fastapi', pipPackage: 'fastapi', neededFor: 'the FastAPI app' },
  { module: 'uvicorn', distribution: 'uvicorn', debianPackage: 'python3-uvicorn', pipPackage: 'uvicorn', neededFor: 'uvicorn profiles and gunicorn-uvicorn' },
  // uvicorn[standard]: without them uvicorn falls back to h11 and asyncio, and measures slower than deployed.
  { module: 'httptools', distribution: 'httptools', debianPackage: 'python3-httptools', pipPackage: 'httptools', neededFor: "uvicorn's fast HTTP parser (uvicorn[standard])" },
  { module: 'uvloop', distribution: 'uvloop', debianPackage: 'python3-uvloop', pipPackage: 'uvloop', neededFor: "uvicorn's fast event loop (uvicorn[standard])" },
];

export interface Inventory {
  readonly python: { readonly path: string; readonly version: string | null };
  /** Version by distribution name; null when the module cannot be imported. */
  readonly versions: Readonly<Record<string, string | null>>;
  readonly missing: readonly Requirement[];
}

const PROBE = `
import importlib, importlib.metadata, json, sys
found = {}
for module, dist in json.loads(sys.argv[1]):
    try:
        importlib.import_module(module)
        found[dist] = importlib.metadata.version(dist)
    except Exception:
        found[dist] = None
print(json.dumps({"python": sys.version.split()[0], "versions": found}))
`;

/** Asks the interpreter which server modules it can import, and their versions. */
export const takeInventory = async (python: string): Promise<Inventory> => {
  const pairs = JSON.stringify(REQUIREMENTS.map((r) => [r.module, r.distribution]));
  const result = await execa(python, ['-c', PROBE, pairs], { reject: false, env: { PYTHONDONTWRITEBYTECODE: '1' }, timeout: 60_000 });
  if (result.exitCode !== 0 || result.failed) {
    return { python: { path: python, version: null }, versions: Object.fromEntries(REQUIREMENTS.map((r) => [r.distribution, null])), missing: REQUIREMENTS };
  }
  const parsed = JSON.parse(result.stdout) as { python: string; versions: Record<string, string | null> };
  return {
    python: { path: python, version: parsed.python },
    versions: parsed.versions,
    missing: REQUIREMENTS.filter((r) => parsed.versions[r.distribution] === null),
  };
};
