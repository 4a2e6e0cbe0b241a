"""The worklist is cut in the database to the most urgent tasks, in the order the full list had: overdue
first, then by the nearest deadline, then by how long a task waited; the page says how many there are."""
from __future__ import annotations

import datetime as dt

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.ports import Actor
from engine.queries.worklists import worklist, worklist_size
from engine.store.tables import Timer


def test_the_cut_keeps_the_most_urgent_tasks(cases: CaseEngine, clock: VirtualClock, coordinator: Actor) -> None:
    started = []
    for _ in range(4):
        started.append(cases.start_case("reference_case", {}, coordinator).id)
        clock.advance(dt.timedelta(hours=1))
    newest = started[-1]
    with cases.sessions() as session:
        # The newest case has a deadline that ran out: it leads, before tasks that waited longer.
        session.add(Timer(case_id=newest, task_id="t-overdue", name="Termijn", due_at=clock.now() - dt.timedelta(
            minutes=5), status="pending"))
        session.add(Timer(case_id=started[2], task_id="t-later", name="Termijn", due_at=clock.now() + dt.timedelta(
            days=3), status="pending"))
        session.commit()
        full = worklist(session, "coco", {"coordinator"}, clock.now(), limit=100)
        cut = worklist(session, "coco", {"coordinator"}, clock.now(), limit=3)
        assert worklist_size(session, "coco", {"coordinator"}) == len(full) == 4
    assert [i.case_id for i in full] == [newest, started[2], started[0], started[1]]
    assert [i.case_id for i in cut] == [i.case_id for i in full][:3]
    assert cut[0].overdue(clock.now()) and cut[0].deadline == "Termijn"
