"""Decoupling and IDOR, over every route of the app (generated from the URL map, so new routes are
covered): police and prosecution get nothing of the identification file through any page or endpoint,
and a lawyer (or guardian) asking for a case that is not her client's gets 404 — the same answer as
for a case that does not exist."""

from __future__ import annotations

from typing import Any

import pytest

from engine.ports import Actor
from web.route_policy import policy_of

from .conftest import WebEnv

SECRET_ALIAS = "Zeta Geheimnaam"
SECRET_REASONS = "Verklaring over uitbuiting in de kassen van Voorbeeldstad."


@pytest.fixture
def decided(env: WebEnv) -> tuple[WebEnv, int]:
    env.app.config["WTF_CSRF_ENABLED"] = False
    case_id = env.start_case(SECRET_ALIAS)
    for username, kind in [
        ("police", "investigator"),
        ("prosecutor", "investigator"),
        ("lawyer", "lawyer"),
        ("guardian", "guardian"),
        ("panel", "panel"),
    ]:
        env.link(case_id, username, kind)
    task = env.services.cases.get_case(case_id).tasks[0]
    env.services.cases.complete_task(
        case_id, task.id, {"outcome": "positive", "reasons": SECRET_REASONS}, Actor.system()
    )
    return env, case_id


def _get_urls(env: WebEnv, case_id: int) -> list[tuple[str, bool]]:
    """Every GET route filled in for the case: (url, is_api)."""
    values: dict[str, Any] = {
        "case_id": case_id,
        "task_id": "x",
        "process_id": "reference_case",
        "name": "investigation_closed",
        "code": "en",
        "filename": "erkend.css",
        "letter_id": 1,
        "run_id": 1,
        "timer_id": 1,
        "username": "nobody",
    }
    urls = []
    adapter = env.app.url_map.bind("localhost")
    for rule in env.app.url_map.iter_rules():
        if "GET" in rule.methods and policy_of(env.app, rule.endpoint) is not None:
            urls.append(
                (
                    adapter.build(rule.endpoint, {a: values[a] for a in rule.arguments}),
                    rule.rule.startswith("/api/"),
                )
            )
    return urls


@pytest.mark.parametrize("role", ["police", "prosecutor"])
def test_investigation_roles_get_nothing_of_the_identification_file(decided, role: str) -> None:  # type: ignore[no-untyped-def]
    env, case_id = decided
    client = env.client()
    env.login(client, role)
    leaks = []
    for url, api in _get_urls(env, case_id):
        response = client.get(url, headers=env.api(role) if api else {})
        body = response.get_data(as_text=True)
        for secret in (SECRET_ALIAS, SECRET_REASONS, "positive", "reference_decision", "Beslissen"):
            if secret in body:
                leaks.append(f"{url} ({response.status_code}) shows {secret!r}")
    assert leaks == []
    for path in (
        f"/api/v1/cases/{case_id}",
        f"/api/v1/cases/{case_id}/events",
        f"/api/v1/cases/{case_id}/tasks",
    ):
        assert client.get(path, headers=env.api(role)).status_code in (403, 404)
    assert client.get(f"/cases/{case_id}").status_code in (403, 404)


def test_investigation_roles_may_send_a_message_into_their_case(decided) -> None:  # type: ignore[no-untyped-def]
    env, case_id = decided
    client = env.client()
    env.login(client, "police")
    assert "ERK-2026-000001" in client.get("/partners/").get_data(as_text=True)
    sent = client.post(
        f"/partners/cases/{case_id}/messages/investigation_closed",
        data={"closed_on": "2026-01-04", "outcome": "dismissed"},
    )
    assert sent.status_code == 302
    assert env.services.cases.get_case(case_id).status == "completed"


def test_the_log_of_a_message_holds_no_payload(decided) -> None:  # type: ignore[no-untyped-def]
    """What police send is hashed in the log, not copied: the timeline shows that, not what."""
    env, case_id = decided
    env.client().post(
        f"/api/v1/cases/{case_id}/messages",
        headers=env.api("police"),
        json={"name": "investigation_closed", "payload": {"closed_on": "2026-01-04", "outcome": "dismissed"}},
    )
    received = [e for e in env.services.cases.events(case_id) if e["kind"] == "message_received"]
    assert received and "dismissed" not in str(received[0]["details"])


@pytest.mark.parametrize("role", ["lawyer", "guardian"])
def test_idor_another_clients_case_answers_404_everywhere(decided, role: str) -> None:  # type: ignore[no-untyped-def]
    env, mine = decided
    theirs = env.start_case("Andere Cliënt")
    env.add_user(f"other_{role}", role)
    env.link(theirs, f"other_{role}", role)
    client = env.client()
    env.login(client, role)
    wrong = []
    for url, api in _get_urls(env, theirs):
        if f"/{theirs}" not in url:
            continue
        headers = env.api(role) if api else {}
        status = client.get(url, headers=headers).status_code
        absent = client.get(url.replace(f"/{theirs}", "/9999"), headers=headers).status_code
        if status != 404 and not (status == 403 and absent == 403):  # a role-wide refusal tells nothing
            wrong.append(f"{url} -> {status}")
    for url in (f"/api/v1/cases/{theirs}/messages",):
        status = client.post(url, json={"name": "ObjectionLodged"}, headers=env.api(role)).status_code
        if status != 404:
            wrong.append(f"POST {url} -> {status}")
    assert wrong == []
    # and a case that does not exist answers the same
    assert client.get("/api/v1/cases/9999", headers=env.api(role)).status_code == 404
    assert client.get(f"/api/v1/cases/{mine}", headers=env.api(role)).status_code == 200
    listed = client.get("/api/v1/cases", headers=env.api(role)).json["cases"]
    assert [c["id"] for c in listed] == [mine]


def test_policy_and_admin_roles_see_no_case_content(decided) -> None:  # type: ignore[no-untyped-def]
    env, case_id = decided
    for role in ("policy", "admin"):
        client = env.client()
        env.login(client, role)
        for url, api in _get_urls(env, case_id):
            body = client.get(url, headers=env.api(role) if api else {}).get_data(as_text=True)
            assert SECRET_ALIAS not in body and SECRET_REASONS not in body, (role, url)
