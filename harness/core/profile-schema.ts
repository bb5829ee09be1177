// The schema of a profile file in profiles/: data only, checked once when it is read.
import { z } from 'zod';
import { APP_NAMES } from './apps.js';
import { evaluateFormula } from './formula.js';

const positiveInt = z.number().int().positive();
const seconds = z.number().positive();
/** A count may be a number or a formula over `cores`, e.g. "(2 * cores) + 1". */
const isFormula = (text: string): boolean => {
  try {
    return Number.isFinite(evaluateFormula(text, { cores: 2 }));
  } catch {
    return false;
  }
};
const count = z.union([positiveInt, z.string().refine(isFormula, 'a number or a formula over cores, like "(2 * cores) + 1"')]);

const flaskDevSettings = z.strictObject({
  /** Flask's default is threaded; false serves one request at a time. */
  threaded: z.boolean(),
});

const waitressSettings = z.strictObject({
  threads: positiveInt,
  connectionLimit: positiveInt,
  channelTimeout: seconds,
});

export const GUNICORN_WORKER_CLASSES = ['sync', 'gthread', 'gevent', 'eventlet', 'uvicorn'] as const;

const gunicornSettings = z.strictObject({
  workers: count,
  workerClass: z.enum(GUNICORN_WORKER_CLASSES),
  threads: positiveInt.optional(),
  workerConnections: positiveInt.optional(),
  timeout: seconds.optional(),
  gracefulTimeout: seconds.optional(),
  keepalive: seconds.optional(),
  maxRequests: positiveInt.optional(),
  maxRequestsJitter: z.number().int().nonnegative().optional(),
});

const uvicornSettings = z.strictObject({
  reload: z.boolean(),
});

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().min(1),
  app: z.enum(APP_NAMES),
  mode: z.enum(['dev', 'production']),
  /** The write-up in shared/documents this profile's settings come from. */
  document: z.string().min(1).optional(),
  /** The dev-mode profile a production profile is compared with. */
  counterpart: z.string().optional(),
};

export const profileSchema = z
  .discriminatedUnion('server', [
    z.strictObject({ ...common, server: z.literal('flask-dev'), settings: flaskDevSettings }),
    z.strictObject({ ...common, server: z.literal('waitress'), settings: waitressSettings }),
    z.strictObject({ ...common, server: z.literal('gunicorn'), settings: gunicornSettings }),
    z.strictObject({ ...common, server: z.literal('uvicorn'), settings: uvicornSettings }),
  ])
  .superRefine((profile, context) => {
    if (profile.mode === 'production' && profile.counterpart === undefined) {
      context.addIssue({ code: 'custom', path: ['counterpart'], message: 'a production profile names its dev-mode counterpart' });
    }
    const wsgiOnly = profile.server === 'waitress' || profile.server === 'flask-dev';
    if (wsgiOnly && profile.app === 'fastapi') {
      context.addIssue({ code: 'custom', path: ['app'], message: `${profile.server} serves WSGI apps, not the ASGI app "fastapi"` });
    }
    if (profile.server === 'uvicorn' && profile.app !== 'fastapi') {
      context.addIssue({ code: 'custom', path: ['app'], message: `uvicorn serves the ASGI app "fastapi", not "${profile.app}"` });
    }
    if (profile.server === 'gunicorn' && (profile.settings.workerClass === 'uvicorn') !== (profile.app === 'fastapi')) {
      context.addIssue({ code: 'custom', path: ['settings', 'workerClass'], message: 'the uvicorn worker class serves the "fastapi" app, the others serve WSGI apps' });
    }
  });

export type Profile = z.infer<typeof profileSchema>;
export type ServerName = Profile['server'];
export type ProfileMode = Profile['mode'];
export type GunicornSettings = z.infer<typeof gunicornSettings>;
