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
                       data={"closed_on": "2026-01-05", "outcome": "dismissed"})
    assert sent.status_code == 302 and env.services.cases.get_case(case_id).status == "completed"


def test_a_lawyer_is_offered_only_her_own_messages(env: WebEnv) -> None:
    case_id = _waiting_for_investigation(env)
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "/messages/investigation_closed" not in page  # the criminal case's outcome is not hers to send
    assert client.get(f"/cases/{case_id}/messages/investigation_closed").status_code == 403


def test_a_message_dated_after_today_is_refused_with_the_field_named_and_today_is_accepted(env: WebEnv) -> None:
    """Today on the app's clock (5 January 2026 in these tests), not the wall clock's."""
    env.app.config["WTF_CSRF_ENABLED"] = False
    case_id = _waiting_for_investigation(env)
    client = env.client()
    env.login(client, "coordinator")
    future = client.post(f"/cases/{case_id}/messages/investigation_closed",
                         data={"closed_on": "2026-01-06", "outcome": "dismissed"})
    assert future.status_code == 422
    assert "Afgesloten op: mag niet in de toekomst liggen" in future.get_data(as_text=True)
    assert env.services.cases.get_case(case_id).status == "running"
    api = client.post(f"/api/v1/cases/{case_id}/messages", headers=env.api("coordinator"),
                      json={"name": "investigation_closed", "payload": {"closed_on": "2026-01-06", "outcome": "dismissed"}})
    assert api.status_code == 422 and "Closed on: cannot lie in the future" in str(api.json["error"]["fields"]["closed_on"])
    today = client.post(f"/cases/{case_id}/messages/investigation_closed",
                        data={"closed_on": "2026-01-05", "outcome": "dismissed"})
    assert today.status_code == 302 and env.services.cases.get_case(case_id).status == "completed"
