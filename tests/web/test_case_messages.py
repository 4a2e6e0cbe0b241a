"""Coordinators and lawyers deliver the messages a case waits for from the case file (a lawyer lodging
an objection, a coordinator recording a report); only messages the case waits for and the role may send
are offered, and a message of another role is refused."""

from __future__ import annotations

from .conftest import WebEnv


def _waiting_for_investigation(env: WebEnv) -> int:
    case_id = env.start_case("Mira Fictief")
    task = env.services.cases.get_case(case_id).tasks[0]
    from engine.ports import Actor

    env.services.cases.complete_task(
        case_id, task.id, {"outcome": "negative", "reasons": "Geen aanwijzingen gevonden."}, Actor.system()
    )
    assert env.services.cases.get_case(case_id).waiting_messages == ("investigation_closed",)
    return case_id


def test_coordinator_sends_an_awaited_message_from_the_case_file(env: WebEnv) -> None:
    env.app.config["WTF_CSRF_ENABLED"] = False
    case_id = _waiting_for_investigation(env)
    client = env.client()
    env.login(client, "coordinator")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert f"/cases/{case_id}/messages/investigation_closed" in page
    refused = client.post(f"/cases/{case_id}/messages/investigation_closed", data={"outcome": "lost"})
    assert refused.status_code == 422 and env.services.cases.get_case(case_id).status == "running"
    sent = client.post(f"/cases/{case_id}/messages/investigation_closed",
                       data={"closed_on": "2026-02-01", "outcome": "dismissed"})
    assert sent.status_code == 302 and env.services.cases.get_case(case_id).status == "completed"


def test_a_lawyer_is_offered_only_her_own_messages(env: WebEnv) -> None:
    case_id = _waiting_for_investigation(env)
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "/messages/investigation_closed" not in page  # the criminal case's outcome is not hers to send
    assert client.get(f"/cases/{case_id}/messages/investigation_closed").status_code == 403
