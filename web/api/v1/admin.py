"""Administration through the API: a case's audit trail (who read or changed what, when, in which role),
and an account's sign-in sessions and API token (engine.application.account_access: audited, and a token
only where the four-eyes rule allows it)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import current_app
from flask_smorest import Blueprint

from engine.application import account_access
from engine.application.audit import export_audit
from web.api.v1 import schemas as s
from web.route_policy import current_actor, policy

blp = Blueprint("api_admin", __name__, url_prefix="/api/v1/admin", description="Administration")
ERRORS = {401: "unauthenticated", 403: "not permitted (administrators only)", 404: "no such account or session",
          422: "validation failed"}


def _services() -> Any:
    return current_app.extensions["erkend"]


def _errors(*codes: int, **described: str):  # type: ignore[no-untyped-def]
    def wrap(view):  # type: ignore[no-untyped-def]
        for code in codes:
            view = blp.alt_response(code, schema=s.ApiErrorSchema,
                                    description=described.get(f"e{code}", ERRORS[code]))(view)
        return view

    return wrap


@blp.route("/cases/<int:case_id>/audit", methods=["GET"])
@policy("admin.audit_export")
@blp.response(200, s.EventListSchema)
def audit_trail(case_id: int):  # type: ignore[no-untyped-def]
    """Every event of the case, reads included, with its hash. The export itself is logged."""
    return {"events": export_audit(current_app.extensions["erkend"], current_actor(), case_id)}


@blp.route("/users/<username>/sessions", methods=["GET"])
@policy("admin.users")
@blp.response(200, s.SignInSessionListSchema)
@_errors(401, 403, 404)
def list_sessions(username: str):  # type: ignore[no-untyped-def]
    """The account's live sign-in sessions; the list is logged (`sessions_listed`)."""
    rows = account_access.list_sessions(_services(), current_actor(), username)
    return {"sessions": [asdict(row) for row in rows]}


@blp.route("/users/<username>/sessions", methods=["DELETE"])
@policy("admin.users")
@blp.response(200, s.SessionsEndedSchema)
@_errors(401, 403, 404)
def end_all_sessions(username: str):  # type: ignore[no-untyped-def]
    """Every sign-in session of the account ends at once (`sessions_ended`); its API token goes on."""
    return {"ended": account_access.end_all_sessions(_services(), current_actor(), username)}


@blp.route("/users/<username>/sessions/<session_id>", methods=["DELETE"])
@policy("admin.users")
@blp.response(200, s.SessionsEndedSchema)
@_errors(401, 403, 404)
def end_session(username: str, session_id: str):  # type: ignore[no-untyped-def]
    """One sign-in session ends (`session_ended`); `session_id` is the id the list gives."""
    account_access.end_session(_services(), current_actor(), username, session_id)
    return {"ended": 1}


@blp.route("/users/<username>/token", methods=["DELETE"])
@policy("admin.users")
@blp.response(200, s.TokenRevokedSchema)
@_errors(401, 403, 404)
def revoke_token(username: str):  # type: ignore[no-untyped-def]
    """The account's API token stops working at once (`token_revoked`); its sessions go on."""
    return {"had_token": account_access.revoke(_services(), current_actor(), username)}


@blp.route("/users/<username>/token", methods=["POST"])
@policy("admin.users")
@blp.arguments(s.IssueTokenSchema)
@blp.response(201, s.IssuedTokenSchema)
@_errors(401, 403, 404, 422, e403="not permitted: administrators only, and (four eyes) never for an account "
                                 "with a case role, nor for another administrator's account")
def issue_token(body: dict[str, Any], username: str):  # type: ignore[no-untyped-def]
    """A new API token, shown only in this answer, valid for `days` (real time); the old one stops
    working (`token_issued`)."""
    return asdict(account_access.issue(_services(), current_actor(), username, body["days"]))
