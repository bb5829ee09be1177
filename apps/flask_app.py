"""Flask (WSGI) reference app: deterministic I/O, CPU, upload and long-request workloads."""
import os
import time

from flask import Blueprint, Flask, jsonify, request

import workload

bp = Blueprint("workload", __name__)


def _ms(default):
    return workload.parse_ms(request.args.get("ms"), default)


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.get("/whoami")
def whoami():
    return {"pid": os.getpid()}


@bp.get("/io")
def io():
    ms = _ms(100)
    time.sleep(ms / 1000)  # plain time.sleep: gevent/eventlet monkey-patching makes it cooperative
    return {"ms": ms}


@bp.get("/cpu")
def cpu():
    ms = _ms(10)
    return {"ms": ms, "chunks": workload.burn_cpu(ms)}


@bp.post("/upload")
def upload():
    # Werkzeug 2.2 only enforces MAX_CONTENT_LENGTH for form parsing, so check it here too.
    limit = request.max_content_length
    if request.content_length is not None and request.content_length > limit:
        raise workload.TooLarge(workload.too_large_message(limit))
    summary = workload.UploadSummary(limit)
    while chunk := request.stream.read(workload.UPLOAD_CHUNK):
        summary.feed(chunk)
    return summary.result()


@bp.get("/analysis")
def analysis():
    ms = _ms(1000)
    digest = b""
    for i in range(workload.ANALYSIS_CALLS):
        time.sleep(ms / workload.ANALYSIS_CALLS / 1000)  # one simulated upstream call
        digest = workload.analysis_step(i)
    return workload.analysis_result(ms, digest)


@bp.app_errorhandler(workload.BadParam)
def bad_param(e):
    return jsonify(error=str(e)), 400


@bp.app_errorhandler(workload.TooLarge)
def too_large(e):
    return jsonify(error=str(e)), 413


@bp.app_errorhandler(413)
def too_large_http(e):
    return jsonify(error=workload.too_large_message(request.max_content_length)), 413


def create_app():
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = workload.MAX_UPLOAD_BYTES
    app.register_blueprint(bp)
    return app


app = create_app()
