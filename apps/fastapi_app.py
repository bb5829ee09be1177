"""FastAPI (ASGI) reference app: same endpoints and JSON shapes as flask_app."""
import asyncio
import os

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

import workload

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.exception_handler(workload.BadParam)
async def bad_param(request, e):
    return JSONResponse({"error": str(e)}, status_code=400)


@app.exception_handler(workload.TooLarge)
async def too_large(request, e):
    return JSONResponse({"error": str(e)}, status_code=413)


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/whoami")
async def whoami():
    return {"pid": os.getpid()}


@app.get("/io")
async def io(ms: str | None = None):
    ms = workload.parse_ms(ms, 100)
    await asyncio.sleep(ms / 1000)  # never block the event loop
    return {"ms": ms}


@app.get("/cpu")
def cpu(ms: str | None = None):
    # Plain def: FastAPI runs it in its threadpool, so thread_time measures this thread only.
    ms = workload.parse_ms(ms, 10)
    return {"ms": ms, "chunks": workload.burn_cpu(ms)}


@app.post("/upload")
async def upload(request: Request):
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > workload.MAX_UPLOAD_BYTES:
        raise workload.TooLarge(workload.too_large_message())
    summary = workload.UploadSummary()
    async for chunk in request.stream():
        summary.feed(chunk)
    return summary.result()


@app.get("/analysis")
async def analysis(ms: str | None = None):
    ms = workload.parse_ms(ms, 1000)
    digest = b""
    for i in range(workload.ANALYSIS_CALLS):
        await asyncio.sleep(ms / workload.ANALYSIS_CALLS / 1000)  # one simulated upstream call
        digest = workload.analysis_step(i)
    return workload.analysis_result(ms, digest)
