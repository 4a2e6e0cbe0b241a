"""The server runs requests on several threads that share one runtime: saving and loading a case must
not depend on what another thread is doing at the same moment."""
from __future__ import annotations

import sys
import threading
from typing import Any

from engine.clock import VirtualClock, using_clock
from engine.runtime import Runtime
from engine.script_env import FUNCTIONS
from engine.specs import SpecLibrary

THREADS = 8
ROUNDS = 40


def _unconvertible() -> None:
    """A value JSON cannot hold; the library drops or nulls it depending on how it converts."""


def _workflows(runtime: Runtime, top: Any, subs: Any) -> list[Any]:
    workflows = []
    with using_clock(VirtualClock()):
        for n in range(THREADS):
            workflow = runtime.start(top, subs, {"case_number": n, "notes": [f"note {i}" for i in range(n)]})
            if n % 2:
                intake = runtime.ready_user_tasks(workflow)[0]
                runtime.complete_task(workflow, intake.id, {"needs_review": False})
            # A nested value the library's two conversion modes write differently: a dump made in the
            # wrong mode (another thread's) shows in the text.
            for task in workflow.get_tasks():
                task.internal_data["probe"] = {"n": n, "nested": _unconvertible}
            workflows.append(workflow)
    return workflows


def test_concurrent_dumps_and_loads_give_the_states_one_thread_gives() -> None:
    runtime = Runtime(FUNCTIONS)
    top, subs = SpecLibrary().current().spec("reference_case")
    workflows = _workflows(runtime, top, subs)
    expected = [runtime.dump_state(w) for w in workflows]
    reloaded = [runtime.dump_state(runtime.load_state(s, top, subs)) for s in expected]

    barrier = threading.Barrier(THREADS)
    seen: list[list[str]] = [[] for _ in range(THREADS)]
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                state = runtime.dump_state(workflows[n])
                seen[n].append(state)
                seen[n].append(runtime.dump_state(runtime.load_state(state, top, subs)))
        except BaseException as exc:  # reported below, with the thread's own traceback
            failures.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows
    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)

    assert not failures, failures
    for n in range(THREADS):
        wrong = [i for i, state in enumerate(seen[n]) if state != (expected[n] if i % 2 == 0 else reloaded[n])]
        assert not wrong, f"workflow {n}: {len(wrong)} of {len(seen[n])} states differ from one thread's"
