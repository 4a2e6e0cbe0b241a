"""Decoupling an administrator cannot bypass alone (issue 12, item 4): every account change is in the
audit log, and an account an administrator creates with a role that reads case data stays inactive until
a second administrator approves it, so no administrator signs in to case data on her own."""

from __future__ import annotations

from sqlalchemy import select

from engine.store.tables import Event, User

from .conftest import WebEnv, csrf_token


def _account_events(env: WebEnv) -> list[tuple[str, str, dict]]:
    with env.services.sessions() as s:
        rows = s.scalars(select(Event).where(Event.case_id.is_(None), Event.kind.in_(
            ["user_created", "user_approved"])).order_by(Event.id))
        return [(e.kind, e.actor, e.details) for e in rows]


def _create(env: WebEnv, admin: str, username: str, roles: list[str]) -> int:
    client = env.client()
    env.login(client, admin)
    token = csrf_token(client, "/admin/")
    return client.post("/admin/users", data={"username": username, "roles": roles,
                                              "password": f"pw-{username}-123", "csrf_token": token}).status_code


def _approve(env: WebEnv, admin: str, username: str) -> int:
    client = env.client()
    env.login(client, admin)
    token = csrf_token(client, "/admin/")
    return client.post(f"/admin/users/{username}/approve", data={"csrf_token": token}).status_code


def _active(env: WebEnv, username: str) -> bool:
    with env.services.sessions() as s:
        return bool(s.scalar(select(User.active).where(User.username == username)))


def test_an_account_with_a_case_role_needs_a_second_administrator(env: WebEnv) -> None:
    env.add_user("admin2", "admin")
    assert _create(env, "admin", "stroman", ["coordinator"]) == 302
    assert not _active(env, "stroman")
    assert env.login(env.client(), "stroman").status_code == 401, "no sign-in before approval"
    assert _approve(env, "admin", "stroman") == 403, "not by the administrator who created it"
    assert not _active(env, "stroman")
    assert _approve(env, "admin2", "stroman") == 302
    assert _active(env, "stroman") and env.login(env.client(), "stroman").status_code == 302
    events = [e for e in _account_events(env) if e[2].get("username") == "stroman"]
    assert [(k, a) for k, a, _d in events] == [("user_created", "admin"), ("user_approved", "admin2")]
    assert events[0][2]["roles"] == ["coordinator"] and events[0][2]["pending_approval"] is True
    assert "pw-stroman" not in str(events)


def test_an_account_without_case_roles_is_active_at_once_and_audited(env: WebEnv) -> None:
    assert _create(env, "admin", "beleid2", ["policy"]) == 302
    assert _active(env, "beleid2")
    assert ("user_created", "admin") in {(k, a) for k, a, d in _account_events(env) if d["username"] == "beleid2"}
