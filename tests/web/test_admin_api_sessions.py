"""An account's sign-in sessions and API token through the admin API (issue 12, item 6): administrators
only, every call audited, the four-eyes rule unchanged (no token for a case role, none for another
administrator), and what is ended or revoked stops working at once."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from engine.accounts import ROLES
from engine.sign_in_sessions import session_key
from engine.store.tables import Event

from .conftest import WebEnv

COOKIE = "erkend_session"
BASE = "/api/v1/admin/users"
# (method, path, json body) of every operation, on the lawyer's account
OPERATIONS = [("GET", f"{BASE}/lawyer/sessions", None), ("DELETE", f"{BASE}/lawyer/sessions", None),
              ("DELETE", f"{BASE}/lawyer/sessions/0123456789abcdef", None), ("DELETE", f"{BASE}/lawyer/token", None),
              ("POST", f"{BASE}/policy/token", {"days": 5})]


def _call(env: WebEnv, method: str, path: str, body: Any, who: str | None) -> Any:
    headers = env.api(who) if who else {}
    return env.client().open(path, method=method, json=body, headers=headers)


def _events(env: WebEnv, kind: str) -> list[Event]:
    with env.services.sessions() as session:
        return list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def _signed_in(env: WebEnv, username: str) -> FlaskClient:
    client = env.client()
    assert env.login(client, username).status_code == 302
    return client


def _still_signed_in(client: FlaskClient) -> bool:
    return client.get("/lawyer/").status_code == 200


@pytest.mark.parametrize("role", [None, *sorted(set(ROLES) - {"admin"})])
@pytest.mark.parametrize("method,path,body", OPERATIONS, ids=[f"{m} {p}" for m, p, _b in OPERATIONS])
def test_every_role_but_admin_is_refused_and_nothing_changes(env: WebEnv, role: str | None, method: str,
                                                              path: str, body: Any) -> None:
    lawyer = _signed_in(env, "lawyer")
    answer = _call(env, method, path, body, role)
    assert answer.status_code == (401 if role is None else 403), answer.get_data(as_text=True)
    assert _still_signed_in(lawyer)
    assert env.client().get("/api/v1/cases", headers=env.api("lawyer")).status_code == 200
    assert env.client().get("/api/v1/cases", headers=env.api("policy")).status_code == 403  # old token works
    assert not [e for kind in ("sessions_listed", "session_ended", "sessions_ended", "token_revoked",
                               "token_issued") for e in _events(env, kind)]


def test_admin_lists_the_live_sessions_without_any_secret_and_the_list_is_audited(env: WebEnv) -> None:
    first, _second = _signed_in(env, "lawyer"), _signed_in(env, "lawyer")
    cookie = first.get_cookie(COOKIE)
    assert cookie is not None
    answer = _call(env, "GET", f"{BASE}/lawyer/sessions", None, "admin")
    assert answer.status_code == 200
    sessions = answer.json["sessions"]
    assert len(sessions) == 2 and all(set(row) == {"id", "created_at", "seen_at", "expires_at"} for row in sessions)
    text = answer.get_data(as_text=True)
    assert cookie.value not in text and session_key(cookie.value) not in text
    [listed] = _events(env, "sessions_listed")
    assert listed.actor == "admin" and listed.details == {"username": "lawyer", "sessions": 2}
    assert _call(env, "GET", f"{BASE}/nobody/sessions", None, "admin").status_code == 404
    assert _call(env, "GET", f"{BASE}/nul%00/sessions", None, "admin").status_code == 404


@pytest.mark.parametrize("backend", ["env", "pg_env"])
def test_admin_ends_one_session_then_all_and_each_is_audited(backend: str, request: pytest.FixtureRequest) -> None:
    env: WebEnv = request.getfixturevalue(backend)
    first = _signed_in(env, "lawyer")
    listed = _call(env, "GET", f"{BASE}/lawyer/sessions", None, "admin").json["sessions"]
    second = _signed_in(env, "lawyer")
    ended = _call(env, "DELETE", f"{BASE}/lawyer/sessions/{listed[0]['id']}", None, "admin")
    assert ended.status_code == 200 and ended.json == {"ended": 1}
    assert not _still_signed_in(first) and _still_signed_in(second)
    [one] = _events(env, "session_ended")
    assert one.actor == "admin" and one.details == {"username": "lawyer", "session": listed[0]["id"]}
    again = _call(env, "DELETE", f"{BASE}/lawyer/sessions/{listed[0]['id']}", None, "admin")
    assert again.status_code == 404 and again.json["error"]["code"] == "not_found"
    third = _signed_in(env, "lawyer")
    everything = _call(env, "DELETE", f"{BASE}/lawyer/sessions", None, "admin")
    assert everything.status_code == 200 and everything.json == {"ended": 2}
    assert not _still_signed_in(second) and not _still_signed_in(third)
    [all_of] = _events(env, "sessions_ended")
    assert all_of.actor == "admin" and all_of.details == {"username": "lawyer", "sessions": 2}


@pytest.mark.parametrize("backend", ["env", "pg_env"])
def test_a_revoked_token_no_longer_works_and_the_revocation_is_audited(backend: str,
                                                                      request: pytest.FixtureRequest) -> None:
    env: WebEnv = request.getfixturevalue(backend)
    assert env.client().get("/api/v1/cases", headers=env.api("lawyer")).status_code == 200
    revoked = _call(env, "DELETE", f"{BASE}/lawyer/token", None, "admin")
    assert revoked.status_code == 200 and revoked.json == {"had_token": True}
    assert env.client().get("/api/v1/cases", headers=env.api("lawyer")).status_code == 401
    assert _call(env, "DELETE", f"{BASE}/lawyer/token", None, "admin").json == {"had_token": False}
    assert [(e.actor, e.details) for e in _events(env, "token_revoked")] == [
        ("admin", {"username": "lawyer", "had_token": True}), ("admin", {"username": "lawyer", "had_token": False})]


def test_a_token_is_issued_once_for_an_account_without_a_case_role_and_the_old_one_stops(env: WebEnv) -> None:
    old = env.api("policy")
    issued = _call(env, "POST", f"{BASE}/policy/token", {"days": 30}, "admin")
    assert issued.status_code == 201 and set(issued.json) == {"username", "token", "expires_at"}
    token = issued.json["token"]
    new = {"Authorization": f"Bearer {token}"}
    # the policy role may not list cases: 403 means the token signs in, 401 that it does not
    assert env.client().get("/api/v1/cases", headers=new).status_code == 403
    assert env.client().get("/api/v1/cases", headers=old).status_code == 401
    [event] = _events(env, "token_issued")
    assert event.actor == "admin" and event.details["username"] == "policy" and token not in str(event.details)
    own = _call(env, "POST", f"{BASE}/admin/token", {}, "admin")
    assert own.status_code == 201, "an administrator may renew its own token"


@pytest.mark.parametrize("username", sorted(set(ROLES) - {"admin", "policy"}))
def test_no_token_for_an_account_with_a_case_role_four_eyes(env: WebEnv, username: str) -> None:
    refused = _call(env, "POST", f"{BASE}/{username}/token", {"days": 5}, "admin")
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_permitted"
    assert token_still_works(env, username)
    assert not _events(env, "token_issued")


def test_no_token_for_another_administrator_nor_for_an_admin_holding_a_case_role(env: WebEnv) -> None:
    env.add_user("beheer2", "admin")
    env.add_user("beheer3", "admin", "coordinator")
    assert _call(env, "POST", f"{BASE}/beheer2/token", {"days": 5}, "admin").status_code == 403
    assert _call(env, "POST", f"{BASE}/beheer3/token", {"days": 5}, "beheer3").status_code == 403
    assert not _events(env, "token_issued")
    for body in ({"days": 0}, {"days": 366}, {"days": "lang"}):
        bad = _call(env, "POST", f"{BASE}/policy/token", body, "admin")
        assert bad.status_code == 422 and "days" in bad.json["error"]["fields"], body
    assert _call(env, "POST", f"{BASE}/nobody/token", {"days": 5}, "admin").status_code == 404


def test_the_openapi_document_describes_the_admin_operations(env: WebEnv) -> None:
    paths = env.client().get("/api/v1/openapi.json").json["paths"]
    assert set(paths["/api/v1/admin/users/{username}/sessions"]) >= {"get", "delete"}
    assert set(paths["/api/v1/admin/users/{username}/token"]) >= {"post", "delete"}
    assert "403" in paths["/api/v1/admin/users/{username}/token"]["post"]["responses"]


def token_still_works(env: WebEnv, username: str) -> bool:
    return env.client().get("/api/v1/cases", headers=env.api(username)).status_code != 401
