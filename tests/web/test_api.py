"""The JSON API: status codes (200/201/202, 401, 403, 404, 409, 422), the stable error shape, and that
each role gets only what disclosure allows."""

from __future__ import annotations

from engine.ports import Actor
from engine.store.db import UnitOfWork

from .conftest import WebEnv

DECIDE = {"outcome": "positive", "reasons": "Voldoende indicaties van uitbuiting."}


def _decide_task(env: WebEnv, case_id: int) -> str:
    return env.services.cases.get_case(case_id).tasks[0].id


def test_health_and_openapi_are_public(env: WebEnv) -> None:
    client = env.client()
    health = client.get("/healthz").json
    assert {"status": health["status"], "training": health["training"]} == {"status": "ok", "training": False}
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/cases/{case_id}/tasks/{task_id}" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    post = spec["paths"]["/api/v1/cases"]["post"]
    assert "requestBody" in post and "422" in post["responses"]


def test_start_case_by_referral(env: WebEnv) -> None:
    client = env.client()
    response = client.post(
        "/api/v1/cases", json={"process_id": "procedure", "variant": "nl-decoupled"}, headers=env.api("coordinator")
    )
    assert response.status_code == 201
    assert response.json["reference"].startswith("ERK-2026-")
    assert [t["name"] for t in response.json["tasks"]] == ["register_signal"]
    assert "person_alias" in response.json["tasks"][0]["form_schema"]["required"]


def test_only_the_procedure_can_be_started_and_its_start_form_refuses_every_field(env: WebEnv) -> None:
    """Called sub-processes and the test-only reference process are not started from outside; start data
    goes through the start form, which takes no field (the signal is registered in the first task)."""
    client, coordinator = env.client(), env.api("coordinator")
    for process_id in ("reference_case", "referral", "residence", "shelter_placement"):
        refused = client.post("/api/v1/cases", json={"process_id": process_id}, headers=coordinator)
        assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {"process_id"}, process_id
    policy = client.post("/api/v1/cases", headers=coordinator, json={
        "process_id": "procedure", "data": {"policy": {"placement_decision": {"term": "P10Y"}}, "x": 1}})
    assert policy.status_code == 422 and set(policy.json["error"]["fields"]) == {"data.policy", "data.x"}
    unknown_variant = client.post("/api/v1/cases", json={"process_id": "procedure", "variant": "nl-2099"},
                                  headers=coordinator)
    assert unknown_variant.status_code == 422 and set(unknown_variant.json["error"]["fields"]) == {"variant"}
    # the UK-like variants serve the policy simulation only: no lane of theirs has a role to take its tasks
    simulation_only = client.post("/api/v1/cases", json={"process_id": "procedure", "variant": "uk-devolved"},
                                  headers=coordinator)
    assert simulation_only.status_code == 422 and "simulatie" in simulation_only.json["error"]["fields"]["variant"][0]
    with env.services.sessions() as session:
        from sqlalchemy import func, select

        from engine.store.tables import Case

        assert session.scalar(select(func.count(Case.id))) == 0


def test_the_openapi_document_names_what_a_client_may_start(env: WebEnv) -> None:
    start = env.client().get("/api/v1/openapi.json").json["components"]["schemas"]["StartCase"]["properties"]
    assert start["process_id"]["enum"] == ["procedure"]
    assert start["variant"]["enum"] == ["default", "nl-current", "nl-decoupled"]
    assert {"uk-central", "uk-devolved"} <= set(env.services.library.variants)  # there, but for simulation only
    assert start["data"]["type"] == "object" and start["data"]["additionalProperties"] is False


def test_errors_have_a_stable_shape_and_name_the_field(env: WebEnv) -> None:
    client = env.client()
    unknown = client.post(
        "/api/v1/cases", json={"process_id": "no_such_process"}, headers=env.api("coordinator")
    )
    assert unknown.status_code == 422
    assert unknown.json["error"]["code"] == "validation_failed"
    assert set(unknown.json["error"]["fields"]) == {"process_id"}
    wrong_type = client.post(
        "/api/v1/cases", json={"process_id": "reference_case", "data": "x"}, headers=env.api("coordinator")
    )
    assert wrong_type.status_code == 422 and "data" in wrong_type.json["error"]["fields"]
    assert client.post("/api/v1/cases", json={}, headers={}).json == {
        "error": {"code": "unauthenticated", "message": "Log eerst in."}
    }
    assert client.post("/api/v1/cases", json={}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert (
        client.post("/api/v1/cases", json={"process_id": "reference_case"}, headers=env.api("panel")).json[
            "error"
        ]["code"]
        == "not_permitted"
    )


def test_list_cases_shows_each_role_only_its_cases(env: WebEnv) -> None:
    mine, other = env.start_case("Cliënt A."), env.start_case("Cliënt B.")
    env.link(mine, "lawyer", "lawyer")
    env.link(other, "police", "investigator")
    client = env.client()
    assert [c["id"] for c in client.get("/api/v1/cases", headers=env.api("coordinator")).json["cases"]] == [
        mine,
        other,
    ]
    assert [c["id"] for c in client.get("/api/v1/cases", headers=env.api("lawyer")).json["cases"]] == [mine]
    police = client.get("/api/v1/cases", headers=env.api("police")).json["cases"]
    assert police == [{"id": other, "reference": police[0]["reference"]}]  # the reference, nothing else
    assert client.get("/api/v1/cases", headers=env.api("policy")).status_code == 403


def test_get_case_discloses_per_role_and_is_audited(env: WebEnv) -> None:
    case_id = env.start_case("Geheime Naam")
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    staff = client.get(f"/api/v1/cases/{case_id}", headers=env.api("coordinator")).json
    assert staff["data"]["person_alias"] == "Geheime Naam"
    lawyer = client.get(f"/api/v1/cases/{case_id}", headers=env.api("lawyer"))
    assert lawyer.status_code == 200 and "data" not in lawyer.json and "Geheime Naam" not in lawyer.text
    assert lawyer.json["deadlines"][0]["days_left"] > 80
    reads = [
        (e["actor"], e["role"]) for e in env.services.cases.events(case_id) if e["kind"] == "case_viewed"
    ]
    assert reads == [("coordinator", "coordinator"), ("lawyer", "lawyer")]


def test_tasks_list_only_what_the_caller_may_complete(env: WebEnv) -> None:
    case_id = env.start_case()
    env.link(case_id, "panel", "panel")
    client = env.client()
    tasks = client.get(f"/api/v1/cases/{case_id}/tasks", headers=env.api("panel")).json
    assert [(t["name"], t["title"]) for t in tasks] == [("decide", "Beslissen")]
    assert tasks[0]["form_schema"]["properties"]["outcome"]["enum"] == ["positive", "negative"]
    assert client.get(f"/api/v1/cases/{case_id}/tasks", headers=env.api("coordinator")).json == []


def test_complete_task_200_422_409_403(env: WebEnv) -> None:
    case_id = env.start_case()
    env.link(case_id, "panel", "panel")
    task_id = _decide_task(env, case_id)
    client, url = env.client(), f"/api/v1/cases/{case_id}/tasks/{task_id}"
    version = env.services.cases.get_case(case_id).version

    bad = client.post(url, json={"data": {"outcome": "maybe", "reasons": "kort"}}, headers=env.api("panel"))
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"outcome", "reasons"}
    assert "kort" not in bad.text and "maybe" not in bad.text  # no echo of what was sent
    assert env.services.cases.get_case(case_id).version == version  # nothing changed

    forbidden = client.post(url, json={"data": DECIDE}, headers=env.api("coordinator"))
    assert forbidden.status_code == 403  # she sees the case, but the task is the panel's

    stale = client.post(url, json={"data": DECIDE, "version": version - 1}, headers=env.api("panel"))
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"

    done = client.post(url, json={"data": DECIDE, "version": version}, headers=env.api("panel"))
    assert done.status_code == 200 and done.json["decisions"][0]["outcome"] == "positive"
    again = client.post(url, json={"data": DECIDE}, headers=env.api("panel"))
    assert again.status_code == 409 and again.json["error"]["code"] == "invalid_transition"


def test_unassigned_or_excluded_panel_member_cannot_decide(env: WebEnv) -> None:
    case_id = env.start_case()
    task_id = _decide_task(env, case_id)
    client, url = env.client(), f"/api/v1/cases/{case_id}/tasks/{task_id}"
    assert client.post(url, json={"data": DECIDE}, headers=env.api("panel")).status_code == 404
    env.link(case_id, "panel", "panel")
    env.link(case_id, "panel", "conflict")  # declared linked to the investigating team
    assert client.post(url, json={"data": DECIDE}, headers=env.api("panel")).status_code == 404
    assert env.services.cases.get_case(case_id).status == "running"


def test_messages_from_investigation_roles(env: WebEnv) -> None:
    case_id = env.start_case()
    client, url = env.client(), f"/api/v1/cases/{case_id}/messages"
    message = {"name": "investigation_closed", "payload": {"closed_on": "2026-01-04", "outcome": "dismissed"}}
    assert client.post(url, json=message, headers=env.api("police")).status_code == 404  # not her case
    env.link(case_id, "police", "investigator")
    early = client.post(url, json=message, headers=env.api("police"))
    assert early.status_code == 409 and early.json["error"]["code"] == "message_not_expected"
    env.link(case_id, "panel", "panel")
    env.services.cases.complete_task(case_id, _decide_task(env, case_id), DECIDE, Actor.system())
    invalid = client.post(
        url, json={"name": "investigation_closed", "payload": {"outcome": "x"}}, headers=env.api("police")
    )
    assert invalid.status_code == 422 and set(invalid.json["error"]["fields"]) == {"closed_on", "outcome"}
    not_hers = client.post(url, json={"name": "ObjectionLodged"}, headers=env.api("police"))
    assert not_hers.status_code == 403
    accepted = client.post(url, json=message, headers=env.api("police"))
    assert accepted.status_code == 202 and accepted.json == {
        "accepted": True,
        "message": "investigation_closed",
    }
    assert env.services.cases.get_case(case_id).status == "completed"


def test_events_timeline_per_role(env: WebEnv) -> None:
    case_id = env.start_case()
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    staff = client.get(f"/api/v1/cases/{case_id}/events", headers=env.api("coordinator")).json["events"]
    assert {"case_started", "task_completed", "party_linked"} <= {e["kind"] for e in staff}
    assert all("hash" in e for e in staff)
    lawyer = client.get(f"/api/v1/cases/{case_id}/events", headers=env.api("lawyer")).json["events"]
    assert lawyer and all("actor" not in e and e["kind"] != "case_viewed" for e in lawyer)
    assert all(
        set(e["details"]) <= {"title", "process", "decision", "outcome", "timer", "due_at", "message"}
        for e in lawyer
    )


def test_clock_advance_only_in_training_mode(env: WebEnv) -> None:
    response = env.client().post("/api/v1/clock/advance", json={"term": "P1D"}, headers=env.api("admin"))
    assert response.status_code == 404


def test_admin_exports_audit_trail_but_reads_no_case(env: WebEnv) -> None:
    case_id = env.start_case()
    client = env.client()
    client.get(f"/api/v1/cases/{case_id}", headers=env.api("coordinator"))
    trail = client.get(f"/api/v1/admin/cases/{case_id}/audit", headers=env.api("admin"))
    assert trail.status_code == 200
    assert ("case_viewed", "coordinator") in {(e["kind"], e["actor"]) for e in trail.json["events"]}
    assert client.get(f"/api/v1/cases/{case_id}", headers=env.api("admin")).status_code == 404
    assert (
        client.get(f"/api/v1/admin/cases/{case_id}/audit", headers=env.api("coordinator")).status_code == 403
    )
    assert client.get("/api/v1/admin/cases/999/audit", headers=env.api("admin")).status_code == 404


def test_party_links_refuse_panel_members_of_the_investigation(env: WebEnv) -> None:
    case_id = env.start_case()
    env.add_user("dubbel", "panel", "police")
    client, url = env.client(), f"/api/v1/cases/{case_id}/parties"
    assert (
        client.post(
            url, json={"username": "dubbel", "kind": "investigator"}, headers=env.api("coordinator")
        ).status_code
        == 201
    )
    refused = client.post(url, json={"username": "dubbel", "kind": "panel"}, headers=env.api("coordinator"))
    assert refused.status_code == 422 and "username" in refused.json["error"]["fields"]
    wrong_role = client.post(url, json={"username": "ind", "kind": "lawyer"}, headers=env.api("coordinator"))
    assert wrong_role.status_code == 422
    assert client.get(url, headers=env.api("coordinator")).json["parties"] == [
        {"username": "dubbel", "kind": "investigator"}
    ]


def test_api_ignores_the_session_cookie_and_pages_ignore_tokens(env: WebEnv) -> None:
    """The API is exempt from CSRF only because it never accepts the session cookie."""
    client = env.client()
    env.login(client, "coordinator")
    assert client.post("/api/v1/cases", json={"process_id": "reference_case"}).status_code == 401
    anonymous = env.client()
    assert anonymous.get("/worklist", headers=env.api("coordinator")).status_code == 302  # to the login page


def test_a_panel_member_who_becomes_investigator_loses_the_panel_seat(env: WebEnv) -> None:
    """The conflict rule holds whatever the order of the links: panel first, investigator after."""
    from engine.case_parties import relations, visible_case_ids

    case_id = env.start_case()
    env.add_user("omgekeerd", "panel", "police")
    client, url = env.client(), f"/api/v1/cases/{case_id}/parties"
    assert client.post(url, json={"username": "omgekeerd", "kind": "panel"},
                       headers=env.api("coordinator")).status_code == 201
    assert client.post(url, json={"username": "omgekeerd", "kind": "investigator"},
                       headers=env.api("coordinator")).status_code == 201
    assert client.get(url, headers=env.api("coordinator")).json["parties"] == [
        {"username": "omgekeerd", "kind": "investigator"}
    ]
    with env.services.sessions() as session:
        assert "panel" not in relations(session, case_id, "omgekeerd")
        assert case_id not in visible_case_ids(session, "omgekeerd", "panel")
    events = [e for e in env.services.cases.events(case_id) if e["kind"] == "party_unlinked"]
    assert events and events[-1]["details"] == {"username": "omgekeerd", "kind": "panel", "because": "investigator"}


def test_the_panel_role_is_never_honoured_next_to_an_investigator_link() -> None:
    from engine.access.rules import may_see_case

    assert may_see_case("panel", frozenset({"panel"}))
    assert not may_see_case("panel", frozenset({"panel", "investigator"}))


def test_audit_export_shows_who_did_what_when_but_no_outcomes_or_letter_types(env: WebEnv) -> None:
    """The export leaves the installation: it names the step, not what was decided or which letter went out."""
    from engine.store.event_log import append_event

    case_id = env.start_case()
    with UnitOfWork(env.services.sessions) as uow:
        at = env.clock.now()
        append_event(uow.session, case_id=case_id, at=at, kind="decision_taken", actor="pim", role="panel",
                     details={"decision": "identification", "outcome": "negative", "variant": "default"})
        append_event(uow.session, case_id=case_id, at=at, kind="message_sent", actor="pim", role="panel",
                     details={"message": "issue_letter", "letter_type": "residence_refused", "data_hash": "ab"})
        uow.commit()
    client = env.client()
    api = client.get(f"/api/v1/admin/cases/{case_id}/audit", headers=env.api("admin")).json["events"]
    env.login(client, "admin")
    page = client.get(f"/admin/cases/{case_id}/audit.json").json["events"]
    for events in (api, page):
        text = str(events)
        assert "negative" not in text and "residence_refused" not in text and "data_hash" not in text
        assert ("decision_taken", "pim", "panel") in {(e["kind"], e["actor"], e["role"]) for e in events}
        assert {"identification"} <= {e["details"].get("decision") for e in events}


def test_a_revoked_token_is_refused_by_the_api(env: WebEnv) -> None:
    from engine.accounts import revoke_token

    assert env.client().get("/api/v1/cases", headers=env.api("coordinator")).status_code == 200
    with UnitOfWork(env.services.sessions) as uow:
        assert revoke_token(uow.session, "coordinator", "admin", env.clock.now())
        uow.commit()
    refused = env.client().get("/api/v1/cases", headers=env.api("coordinator"))
    assert refused.status_code == 401 and refused.json["error"]["code"] == "unauthenticated"
