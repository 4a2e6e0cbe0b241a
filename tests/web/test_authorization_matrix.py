"""The authorization matrix: every route of the app x every role (and no role at all).

Generated from app.url_map, so a new route is covered the moment it exists; a route without a declared
policy fails `test_every_route_declares_a_policy`."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from engine.access.rules import PUBLIC, rule_for
from engine.accounts import ROLES
from web.route_policy import policy_of, undeclared_endpoints

from .conftest import WebEnv


def test_every_route_declares_a_policy(env: WebEnv) -> None:
    assert undeclared_endpoints(env.app) == []


def test_a_route_without_policy_is_caught_and_refused(env: WebEnv) -> None:
    """Adding a route without a policy fails the matrix check and the route answers 404 (default deny)."""
    env.app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    assert undeclared_endpoints(env.app) == ["undeclared"]
    client = env.client()
    env.login(client, "coordinator")
    response = client.get("/undeclared")
    assert response.status_code == 404 and b"secret" not in response.data


def _url_args(rule: Any, case_id: int, task_id: str) -> dict[str, Any]:
    values = {
        "case_id": case_id,
        "task_id": task_id,
        "process_id": "reference_case",
        "name": "investigation_closed",
        "code": "en",
        "filename": "erkend.css",
        "letter_id": 1,
        "timer_id": 1,
        "username": "nobody",
        "run_id": 1,
        "session_id": "0123456789abcdef",
    }
    return {arg: values[arg] for arg in rule.arguments}


def _routes(app: Flask) -> list[tuple[Any, str]]:
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def _call(env: WebEnv, clients: dict[str, Any], role: str | None, rule: Any, method: str, url: str) -> int:
    api = rule.rule.startswith("/api/")
    client = clients.get(role) if (role and not api) else env.client()
    headers = env.api(role) if (role and api) else {}
    return client.open(
        url, method=method, headers=headers, json={} if api and method == "POST" else None
    ).status_code


@pytest.fixture
def matrix(env: WebEnv) -> tuple[WebEnv, dict[str, Any], int, str]:
    env.app.config["WTF_CSRF_ENABLED"] = False  # this test is about authorization, CSRF has its own test
    case_id = env.start_case()
    task_id = env.services.cases.get_case(case_id).tasks[0].id
    clients = {}
    for role in ROLES:
        clients[role] = env.client()
        assert env.login(clients[role], role).status_code == 302
    return env, clients, case_id, task_id


def test_no_role_reaches_a_route_its_policy_does_not_name(matrix) -> None:  # type: ignore[no-untyped-def]
    """Refused roles get 403 (or 404 for case routes); anonymous callers get 401 (API) or the login page."""
    env, clients, case_id, task_id = matrix
    failures = []
    for rule, method in _routes(env.app):
        route = policy_of(env.app, rule.endpoint)
        assert route is not None
        url = env.app.url_map.bind("localhost").build(rule.endpoint, _url_args(rule, case_id, task_id))
        if route.action == PUBLIC:
            continue
        allowed = rule_for(route.action).roles
        anonymous = _call(env, clients, None, rule, method, url)
        expected_anonymous = {401} if rule.rule.startswith("/api/") else {302}
        if rule_for(route.action).training_only:
            expected_anonymous = {404}  # not in training mode: the route does not exist
        if anonymous not in expected_anonymous:
            failures.append(f"anonymous {method} {url} -> {anonymous}")
        for role in ROLES:
            if role in allowed:
                continue
            status = _call(env, clients, role, rule, method, url)
            if status not in (403, 404):
                failures.append(f"{role} {method} {url} -> {status} (policy {route.action})")
    assert failures == []


def test_named_roles_reach_their_routes_on_linked_cases(matrix) -> None:  # type: ignore[no-untyped-def]
    """The converse: the policy is not so strict that the named roles are locked out of linked cases."""
    env, clients, case_id, task_id = matrix
    for username, kind in [
        ("panel", "panel"),
        ("lawyer", "lawyer"),
        ("guardian", "guardian"),
        ("police", "investigator"),
        ("prosecutor", "investigator"),
    ]:
        env.link(case_id, username, kind)
    env.services.cases.complete_task(
        case_id,
        task_id,
        {"outcome": "positive", "reasons": "Voldoende indicaties."},
        __import__("engine.ports", fromlist=["Actor"]).Actor.system(),
    )
    failures = []
    for rule, method in _routes(env.app):
        route = policy_of(env.app, rule.endpoint)
        if route.action == PUBLIC or rule_for(route.action).training_only:
            continue
        url = env.app.url_map.bind("localhost").build(rule.endpoint, _url_args(rule, case_id, task_id))
        for role in sorted(rule_for(route.action).roles):
            status = _call(env, clients, role, rule, method, url)
            # 409: the action is possible for the role, but not for a task already done
            # (letters answer 404 when none was delivered to the reader: tests/web/test_letters.py)
            if status in (401, 403) or (status == 404 and route.case_arg and route.action != "letters.read"):
                failures.append(f"{role} {method} {url} -> {status} (policy {route.action})")
    assert failures == []
