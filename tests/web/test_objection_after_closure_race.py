"""Two reopenings of the same closed case at the same moment, on PostgreSQL: the client's lawyer through
the API and the coordinator through the engine, each in a session of its own. The case's lock is taken
with the read of its row, before the check that it is closed: the second waits, then finds the case
running and is refused. Exactly one reopening, one new workflow, one kept closed workflow; the audit
chain still verifies."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, select

import engine.cases
from engine.errors import Conflict, InvalidTransition
from engine.ports import Actor
from engine.store.event_log import verify_chain
from engine.store.tables import ClosedWorkflow, Event, OpenTask
from tests.processes.test_objection import _negative_decision_sent_on

from .conftest import WebEnv

OBJECTION = {"lodged_on": "2026-06-22", "grounds": "Dwang onvoldoende gewogen; nieuwe verklaring."}
pytestmark = pytest.mark.postgres
COORDINATOR = Actor("coordinator", frozenset({"coordinator"}), "coordinator", purpose="objection")


@pytest.mark.parametrize("first", ["lawyer", "coordinator"])
def test_two_reopenings_at_once_on_postgres_exactly_one_reopens(pg_env: WebEnv, monkeypatch, first: str) -> None:  # type: ignore[no-untyped-def]
    env = pg_env
    s = _negative_decision_sent_on(env.services.cases, env.clock, dt.date(2026, 4, 18))
    s.advance_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=dt.timezone.utc))
    assert s.case.status == "completed"
    env.link(s.case_id, "lawyer", "lawyer")
    url = f"/api/v1/cases/{s.case_id}/objection-after-closure"
    client = env.client()
    [letter] = client.get(url, headers=env.api("lawyer")).json["letters"]

    # The first reopening holds the case (it has read it as closed) until the second has started its own.
    first_holds_the_case, second_started = threading.Event(), threading.Event()
    original = engine.cases.objected_letter
    checked: list[str] = []

    def objected_letter_holding_the_case(session, case_id, letter_id):  # type: ignore[no-untyped-def]
        checked.append(threading.current_thread().name)
        if len(checked) == 1:
            first_holds_the_case.set()
            second_started.wait(10)
            time.sleep(0.5)  # the second reopening is now waiting for the case's lock
        return original(session, case_id, letter_id)

    monkeypatch.setattr(engine.cases, "objected_letter", objected_letter_holding_the_case)
    outcomes: dict[str, object] = {}

    def by_lawyer() -> None:
        response = client.post(url, json={"letter_id": letter["id"], "payload": OBJECTION}, headers=env.api("lawyer"))
        outcomes["lawyer"] = (response.status_code, response.json)

    def by_coordinator() -> None:
        try:
            outcomes["coordinator"] = env.services.cases.reopen_for_objection(
                s.case_id, letter["id"], OBJECTION, COORDINATOR)
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes["coordinator"] = error

    def run(name: str, target) -> None:  # type: ignore[no-untyped-def]
        if name != first:
            first_holds_the_case.wait(10)
            second_started.set()
        target()

    threads = [threading.Thread(target=run, args=(name, target), name=name)
               for name, target in (("lawyer", by_lawyer), ("coordinator", by_coordinator))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)

    if first == "lawyer":
        assert outcomes["lawyer"][0] == 201, outcomes["lawyer"]  # type: ignore[index]
        assert isinstance(outcomes["coordinator"], (Conflict, InvalidTransition)), outcomes["coordinator"]
    else:
        assert not isinstance(outcomes["coordinator"], Exception), outcomes["coordinator"]
        assert outcomes["lawyer"][0] == 409, outcomes["lawyer"]  # type: ignore[index]

    view = env.services.cases.get_case(s.case_id)
    assert view.status == "running" and view.process_id == "objection"
    assert [t.name for t in view.tasks] == ["objection_lateness"]
    events = [e for e in env.services.cases.events(s.case_id) if e["kind"] == "case_reopened"]
    assert [e["actor"] for e in events] == [first]
    with env.services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ClosedWorkflow)
                              .where(ClosedWorkflow.case_id == s.case_id)) == 1
        assert list(session.scalars(select(OpenTask.name).where(OpenTask.case_id == s.case_id))) == [
            "objection_lateness"], "one new workflow: its open task once"
        assert session.scalar(select(func.count()).select_from(Event).where(
            Event.case_id == s.case_id, Event.kind == "case_reopened")) == 1
        assert verify_chain(session)[1] is None, "the audit chain verifies"
    assert checked == [first], "the second reopening read the case only after the first committed"
