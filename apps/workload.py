"""Shared, framework-free workload logic for the reference apps (flask, fastapi, dxf)."""
import hashlib
import re
import time

MS_MAX = 600_000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_CHUNK = 64 * 1024
ANALYSIS_CALLS = 10

# < 2048 bytes so hashlib keeps the GIL: the burn is GIL-bound like real Python code.
_BUF = bytes(range(256)) * 2
_HASHES_PER_CHUNK = 300


class BadParam(ValueError):
    """A query parameter that should produce HTTP 400."""


class TooLarge(ValueError):
    """A request body over MAX_UPLOAD_BYTES; should produce HTTP 413."""


def too_large_message(limit=MAX_UPLOAD_BYTES):
    return f"request body too large: limit is {limit} bytes ({limit // (1024 * 1024)} MB)"


def parse_ms(raw, default):
    """Query value -> int ms in 0..MS_MAX; raises BadParam naming the bad value."""
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,7}", raw) or int(raw) > MS_MAX:
        raise BadParam(f"invalid ms={raw!r}: must be an integer 0..{MS_MAX}")
    return int(raw)


def _chunk(digest):
    # Chained so the work can't be skipped or cached.
    for _ in range(_HASHES_PER_CHUNK):
        digest = hashlib.sha256(digest + _BUF).digest()
    return digest


def burn_cpu(ms):
    """Burn about `ms` of this thread's CPU time; returns chunks done.

    thread_time, not wall time: under GIL contention the work stays fixed and wall time grows.
    """
    target = ms / 1000
    start = time.thread_time()
    digest, chunks = b"", 0
    while time.thread_time() - start < target:
        digest = _chunk(digest)
        chunks += 1
    return chunks


def analysis_step(i):
    """The tiny bit of CPU work between two simulated upstream calls."""
    return _chunk(i.to_bytes(4, "big"))


def analysis_result(ms, digest):
    return {"ms": ms, "calls": ANALYSIS_CALLS, "callMs": ms / ANALYSIS_CALLS, "digest": digest.hex()[:16]}


class UploadSummary:
    """Incremental summary of an uploaded body: byte count, sha256, line count."""

    def __init__(self, limit=MAX_UPLOAD_BYTES):
        self.limit = limit
        self.size = 0
        self.newlines = 0
        self.last = b""
        self.sha = hashlib.sha256()

    def feed(self, chunk):
        if not chunk:
            return
        self.size += len(chunk)
        if self.size > self.limit:
            raise TooLarge(too_large_message(self.limit))
        self.sha.update(chunk)
        self.newlines += chunk.count(b"\n")
        self.last = chunk[-1:]

    def result(self):
        # A final line without a trailing newline still counts as a line.
        lines = self.newlines + (1 if self.last not in (b"", b"\n") else 0)
        return {"bytes": self.size, "sha256": self.sha.hexdigest(), "lines": lines}
