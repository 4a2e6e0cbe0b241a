"""Every route declares the policy action it serves (`@policy("case.read", case_arg="case_id")`).

The declaration is stored on the view function; a before-request hook refuses any endpoint without one
(default deny), and the authorization-matrix test walks the URL map with it. The decision itself is
engine.application.access; this module only names who asks and about which case, and answers:
401/login for an anonymous caller, 403 for a role not named, 404 for a case the caller may not see
(its existence is not disclosed), 409 for a case in a state where the action is impossible.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, url_for

from engine.access.rules import PUBLIC, rule_for
from engine.application.access import authorize
from engine.errors import NotFound
from engine.ports import Actor
from web.identity import current_identity, is_api_request

F = TypeVar("F", bound=Callable[..., Any])
POLICY_ATTR = "erkend_policy"
# Endpoints registered by libraries, with the action they serve.
LIBRARY_ENDPOINTS = {"static": PUBLIC, "api-docs.openapi_json": PUBLIC}


@dataclass(frozen=True)
class RoutePolicy:
    action: str
    case_arg: str | None = None


def policy(action: str, case_arg: str | None = None) -> Callable[[F], F]:
    rule_for(action)  # an unknown action fails at import time, not at request time

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            enforce(RoutePolicy(action, case_arg), kwargs)
            return view(*args, **kwargs)

        setattr(guarded, POLICY_ATTR, RoutePolicy(action, case_arg))
        return guarded  # type: ignore[return-value]

    return decorate


def policy_of(app: Flask, endpoint: str) -> RoutePolicy | None:
    if endpoint in LIBRARY_ENDPOINTS:
        return RoutePolicy(LIBRARY_ENDPOINTS[endpoint])
    view = app.view_functions.get(endpoint)
    return getattr(view, POLICY_ATTR, None)


def enforce(route: RoutePolicy, view_args: dict[str, Any]) -> None:
    rule = rule_for(route.action)
    services = current_app.extensions["erkend"]
    if rule.training_only and not services.settings.training:
        abort(404)
    if route.action == PUBLIC:
        return
    identity = current_identity()
    if identity is None:
        if is_api_request():
            abort(401)
        abort(redirect(url_for("auth.login", next=request.full_path)))
    case_id = None
    if route.case_arg is not None:
        case_id = view_args.get(route.case_arg)
        if not isinstance(case_id, int):
            raise NotFound("no such case")
    granted = authorize(services, identity.username, frozenset(identity.roles), route.action, case_id)
    g.case_relations = granted.relations
    g.actor = granted.actor


def current_actor() -> Actor:
    return g.actor


def install_default_deny(app: Flask) -> None:
    @app.before_request
    def _refuse_undeclared() -> None:
        if request.endpoint is None:
            return  # 404/405 from routing
        if policy_of(app, request.endpoint) is None:
            abort(404)


def undeclared_endpoints(app: Flask) -> list[str]:
    """Endpoints without a declared policy; the authorization-matrix test requires this to be empty."""
    return sorted(rule.endpoint for rule in app.url_map.iter_rules() if policy_of(app, rule.endpoint) is None)
