"""Run flask_app or dxf_app under Flask's built-in development server, as the documents do."""
import argparse
import importlib
import sys

APPS = ("flask_app", "dxf_app")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--app", required=True, help="|".join(APPS))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--single", action="store_true", help="one request at a time (threaded=False)")
    args = p.parse_args()
    if args.app not in APPS:
        print(f"run_flask_dev.py: unknown --app {args.app!r}; expected one of: {', '.join(APPS)}",
              file=sys.stderr)
        sys.exit(2)
    app = importlib.import_module(args.app).app
    # Exactly the documents' setting: app.run(debug=False, use_reloader=False).
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False, threaded=not args.single)


if __name__ == "__main__":
    main()
