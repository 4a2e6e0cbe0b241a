"""The investigation side's own tasks: in the current procedure the police assess the indication. They
complete that task on the partners page, as a bare form showing the case reference only; a task in
another lane, or a case they do not investigate, answers 404."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.processes import steps
from tests.processes.scenario import Scenario

from .conftest import WebEnv

ALIAS = "Noor Fictief"


def _current_case_at_police(env: WebEnv) -> tuple[int, str]:
    s = Scenario(env.services.cases, env.clock, "nl-current")
    steps.intake(s, person_alias=ALIAS)
    (task,) = s.case.tasks
    assert (task.name, task.lane) == ("police_assessment", "police")
    return s.case.id, task.id


def test_police_complete_their_own_task_without_seeing_the_file(env: WebEnv) -> None:
    env.app.config["WTF_CSRF_ENABLED"] = False
    case_id, task_id = _current_case_at_police(env)
    env.link(case_id, "police", "investigator")
    client = env.client()
    env.login(client, "police")
    inbox = client.get("/partners/").get_data(as_text=True)
    assert f"/partners/cases/{case_id}/tasks/{task_id}" in inbox and ALIAS not in inbox
    form = client.get(f"/partners/cases/{case_id}/tasks/{task_id}")
    page = form.get_data(as_text=True)
    assert form.status_code == 200 and ALIAS not in page and "labour" not in page
    refused = client.post(f"/partners/cases/{case_id}/tasks/{task_id}", data={})
    assert refused.status_code == 422 and env.services.cases.get_case(case_id).tasks[0].id == task_id
    today = env.clock.now().astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat()  # not in the future
    done = client.post(f"/partners/cases/{case_id}/tasks/{task_id}",
                       data={"indication": "true", "offered_by": "police", "offered_on": today})
    assert done.status_code == 302
    completed = [e for e in env.services.cases.events(case_id) if e["kind"] == "task_completed"]
    assert completed[-1]["actor"] == "police" and completed[-1]["role"] == "police"


def test_a_task_of_another_lane_or_an_unlinked_case_is_not_found(env: WebEnv) -> None:
    case_id, task_id = _current_case_at_police(env)
    client = env.client()
    env.login(client, "police")
    assert client.get(f"/partners/cases/{case_id}/tasks/{task_id}").status_code == 404  # not investigating
    env.link(case_id, "prosecutor", "investigator")
    prosecutor = env.client()
    env.login(prosecutor, "prosecutor")
    assert prosecutor.get(f"/partners/cases/{case_id}/tasks/{task_id}").status_code == 404  # police lane
