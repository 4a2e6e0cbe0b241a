"""The admin lists failed timers - case, timer, attempts, error class, never case content - and puts one
back in the queue with a CSRF-protected POST that is written to the case's audit trail."""

from __future__ import annotations

from sqlalchemy import select

from engine.store.db import UnitOfWork
from engine.store.tables import Timer

from .conftest import WebEnv, csrf_token


def _park_the_decision_timer(env: WebEnv) -> int:
    case_id = env.start_case()
    with UnitOfWork(env.services.sessions) as uow:
        timer = uow.session.scalars(select(Timer).where(Timer.case_id == case_id)).one()
        timer.status, timer.attempts = "incident", 8
        timer.last_error_class, timer.last_error = "WorkflowTaskException", "model element decide failed (KeyError)"
        uow.commit()
        return timer.id


def test_admin_sees_a_parked_timer_and_puts_it_back_in_the_queue(env: WebEnv) -> None:
    timer_id = _park_the_decision_timer(env)
    client = env.client()
    env.login(client, "admin")
    page = client.get("/admin/timers").get_data(as_text=True)
    assert "WorkflowTaskException" in page and "incident" in page and "Testpersoon" not in page
    assert client.post(f"/admin/timers/{timer_id}/retry").status_code == 400  # no CSRF token
    token = csrf_token(client, "/admin/timers")
    assert client.post(f"/admin/timers/{timer_id}/retry", data={"csrf_token": token}).status_code == 302
    with env.services.sessions() as session:
        timer = session.get(Timer, timer_id)
        assert timer is not None and (timer.status, timer.attempts) == ("pending", 0)
        case_id = timer.case_id
    retried = [e for e in env.services.cases.events(case_id) if e["kind"] == "timer_retried"]
    assert len(retried) == 1 and retried[0]["actor"] == "admin" and retried[0]["role"] == "admin"
    again = client.post(f"/admin/timers/{timer_id}/retry", data={"csrf_token": token})
    assert again.status_code == 409
