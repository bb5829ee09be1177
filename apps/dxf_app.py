"""DXF quotation variant: flask_app's endpoints behind an admission limit (active + FIFO queue)."""
import os
import threading

from flask import g, jsonify, request

import flask_app

MAX_ACTIVE = int(os.environ.get("DXF_MAX_ACTIVE", "6"))
MAX_QUEUE = int(os.environ.get("DXF_MAX_QUEUE", "15"))
BYPASS = {"/health", "/metrics"}  # must answer even when the limit is reached

app = flask_app.create_app()


class Admission:
    """At most max_active requests run; up to max_queue wait in arrival order; the rest are refused."""

    def __init__(self, max_active, max_queue):
        self.max_active, self.max_queue = max_active, max_queue
        self.cond = threading.Condition()
        self.active = self.queued = self.rejected = self.served = 0
        self.next_ticket = self.head = 0  # tickets keep the queue strictly FIFO

    def enter(self):
        with self.cond:
            if self.active < self.max_active and self.queued == 0:
                self.active += 1
                return True
            if self.queued >= self.max_queue:
                self.rejected += 1
                return False
            ticket, self.next_ticket = self.next_ticket, self.next_ticket + 1
            self.queued += 1
            self.cond.wait_for(lambda: ticket == self.head and self.active < self.max_active)
            self.queued -= 1
            self.head += 1
            self.active += 1
            self.cond.notify_all()  # the next ticket may also fit if several slots are free
            return True

    def leave(self):
        with self.cond:
            self.active -= 1
            self.served += 1
            self.cond.notify_all()

    def snapshot(self):
        with self.cond:
            return {"active": self.active, "queued": self.queued, "rejected": self.rejected,
                    "served": self.served, "maxActive": self.max_active, "maxQueue": self.max_queue}


admission = Admission(MAX_ACTIVE, MAX_QUEUE)


def rss_bytes():
    # statm field 2 is resident pages; avoids a psutil dependency.
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@app.before_request
def admit():
    if request.path in BYPASS:
        return None
    if not admission.enter():
        return jsonify(error=f"server busy: {admission.max_active} requests active and "
                             f"{admission.max_queue} queued; try again later"), 503
    g.admitted = True
    return None


@app.teardown_request
def release(exc):
    if g.pop("admitted", False):
        admission.leave()


@app.get("/metrics")
def metrics():
    return {**admission.snapshot(), "rssBytes": rss_bytes()}
