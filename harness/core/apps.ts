// The reference apps in apps/ and the scenarios each one serves.

export const APP_NAMES = ['flask', 'fastapi', 'dxf'] as const;
export type AppName = (typeof APP_NAMES)[number];

export interface AppSpec {
  readonly name: AppName;
  /** Python module in apps/ that exposes `app`. */
  readonly module: string;
  readonly interface: 'wsgi' | 'asgi';
  readonly description: string;
}

export const APPS: Readonly<Record<AppName, AppSpec>> = {
  flask: {
    name: 'flask',
    module: 'flask_app',
    interface: 'wsgi',
    description: 'Flask app with /health, /io, /cpu, /upload and /analysis',
  },
  fastapi: {
    name: 'fastapi',
    module: 'fastapi_app',
    interface: 'asgi',
    description: 'FastAPI app with the same endpoints; I/O endpoints are async',
  },
  dxf: {
    name: 'dxf',
    module: 'dxf_app',
    interface: 'wsgi',
    description: 'the Flask app behind an admission limit of 6 active and 15 queued requests, with /metrics',
  },
};
