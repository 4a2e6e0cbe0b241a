"""The API's central flows on PostgreSQL: the same answers as on SQLite (conflict, disclosure, messages)."""

from __future__ import annotations

import pytest

from engine.ports import Actor

from .conftest import WebEnv

pytestmark = pytest.mark.postgres
DECIDE = {"outcome": "positive", "reasons": "Voldoende indicaties van uitbuiting."}


def test_decision_flow_on_postgres(pg_env: WebEnv) -> None:
    env = pg_env
    case_id = env.start_case("Geheime Naam")
    env.link(case_id, "panel", "panel")
    env.link(case_id, "lawyer", "lawyer")
    env.link(case_id, "police", "investigator")
    client = env.client()
    task_id = client.get(f"/api/v1/cases/{case_id}/tasks", headers=env.api("panel")).json[0]["id"]
    version = env.services.cases.get_case(case_id).version
    url = f"/api/v1/cases/{case_id}/tasks/{task_id}"
    assert (
        client.post(url, json={"data": DECIDE, "version": version - 1}, headers=env.api("panel")).status_code
        == 409
    )
    assert (
        client.post(url, json={"data": DECIDE, "version": version}, headers=env.api("panel")).status_code
        == 200
    )
    lawyer = client.get(f"/api/v1/cases/{case_id}", headers=env.api("lawyer"))
    assert lawyer.json["decisions"][0]["outcome"] == "positive" and "Geheime Naam" not in lawyer.text
    assert client.get(f"/api/v1/cases/{case_id}", headers=env.api("police")).status_code == 404
    sent = client.post(
        f"/api/v1/cases/{case_id}/messages",
        headers=env.api("police"),
        json={"name": "investigation_closed", "payload": {"closed_on": "2026-01-04", "outcome": "dismissed"}},
    )
    assert sent.status_code == 202
    assert env.services.cases.get_case(case_id, Actor.system()).status == "completed"
