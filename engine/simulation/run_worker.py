"""The background side of the policy page: a loop that takes queued simulation runs and runs them.

It runs beside the timer worker (in `erkend worker` and `erkend serve --with-worker`), in a thread of its
own: a simulation can take minutes, and statutory timers must never wait behind it. Like the timer
worker it never ends on an error: a pass that fails is logged and the loop waits and tries again.
"""
from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from engine.clock import Clock
from engine.ports import FormRegistry
from engine.simulation import runs
from engine.simulation.bundle import RenderPdf
from engine.specs import SpecLibrary

_log = logging.getLogger(__name__)


class SimulationWorker:
    def __init__(self, sessions: sessionmaker[Session], forms: FormRegistry, library: SpecLibrary, wall: Clock,
                 name: str, interval: float = 2.0, render_pdf: RenderPdf | None = None) -> None:
        self.sessions, self.forms, self.library, self.wall = sessions, forms, library, wall
        self.render_pdf = render_pdf  # letters.simulation_report.pdf_bytes, handed in: engine/ knows no letters
        self.name = f"simulation:{name}"[:128]
        self.interval = interval

    def run_pass(self) -> str | None:
        """Claim one run and run it to the end; the run's final status, or None when none was waiting."""
        run_id = runs.claim_next(self.sessions, self.name, self.wall.now())
        if run_id is None:
            return None
        _log.info("simulation run %s claimed by %s", run_id, self.name)
        return runs.execute(self.sessions, run_id, self.name, self.forms, self.library, self.wall, self.render_pdf)

    def run(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.is_set():
            try:
                if self.run_pass() is not None:
                    continue  # another run may be waiting
            except Exception:  # noqa: BLE001 - the database away, say; logged, and tried again later
                _log.exception("simulation worker pass failed")
            stop.wait(self.interval)
