"""The one place where errors become HTTP answers. The body has a stable shape,
{"error": {"code", "message", "fields"?}}, and never the exception's text: that may carry case data.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from engine.application.outage import DatabaseError, database_unreachable
from engine.errors import (
    Conflict,
    ErkendError,
    InvalidTransition,
    MessageNotExpected,
    NotFound,
    NotPermitted,
    ValidationFailed,
)
from web.identity import is_api_request

STATUS: dict[type[ErkendError], int] = {
    NotFound: 404,
    NotPermitted: 403,
    Conflict: 409,
    InvalidTransition: 409,
    MessageNotExpected: 409,
    ValidationFailed: 422,
}
HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "not_permitted",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_requests",
    503: "unavailable",
}


def message_for(code: str) -> str:
    messages = {
        "not_found": _("Niet gevonden."),
        "not_permitted": _("U heeft hiervoor geen toestemming."),
        "conflict": _(
            "Iemand anders heeft de zaak intussen gewijzigd; laad de pagina opnieuw en probeer het nog eens."
        ),
        "invalid_transition": _("Deze stap is in de huidige stand van de zaak niet mogelijk."),
        "message_not_expected": _("De zaak wacht niet op dit bericht."),
        "validation_failed": _("Niet alle velden zijn juist ingevuld."),
        "unauthenticated": _("Log eerst in."),
        "too_many_requests": _("Te veel pogingen; wacht even en probeer het opnieuw."),
        "csrf_failed": _("Het formulier is verlopen of ongeldig; laad de pagina opnieuw."),
        "unavailable": _("erkend is even niet bereikbaar; er is niets gewijzigd. Probeer het zo opnieuw."),
    }
    return messages.get(code, _("Er ging iets mis."))


def error_response(status: int, code: str, fields: dict[str, list[str]] | None = None) -> tuple[Any, int]:
    if is_api_request():
        body: dict[str, Any] = {"code": code, "message": message_for(code)}
        if fields:
            body["fields"] = fields
        response: Response = jsonify(error=body)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="erkend"'
        return response, status
    return render_template(
        "error.html", status=status, code=code, message=what_happened(status) or message_for(code), fields=fields,
        back=way_back(status)
    ), status


def what_happened(status: int) -> str | None:
    """For a step that is no longer open (409 on a task form or its preview): that it was completed, by
    whom and when, where the reader's role may see who did what (disclosure `timeline_details`)."""
    args = request.view_args or {}
    if status != 409 or request.endpoint not in ("cases.task_form", "preview.letter_preview"):
        return None
    from engine.access import disclosure
    from engine.application.tasks import finished_step
    from web.pages.common import services
    from web.route_policy import current_actor

    try:
        step = finished_step(services(), args["case_id"], args["task_id"])
    except (ErkendError, KeyError):
        return None
    if step is None:
        return None
    from web.presenting import label

    title = label(step["title"], "task_title", str(get_locale() or "nl"))
    if not step["completed"]:
        return _("Deze stap (%(title)s) is niet meer open: hij is vervallen, bijvoorbeeld door een verlopen termijn.",
                 title=title)
    when = format_datetime(step["at"], "d MMMM yyyy HH:mm")
    if disclosure.shows(current_actor().role, "timeline_details"):
        return _("Deze stap (%(title)s) is al afgerond door %(who)s op %(when)s.", title=title,
                 who=step["by"], when=when)
    return _("Deze stap (%(title)s) is al afgerond op %(when)s.", title=title, when=when)


def way_back(status: int) -> tuple[str, str] | None:
    """Where the reader came from: the partners' page for police and prosecution, else the case file of
    the case the request was about (not when reading that case file was what failed, nor when it was
    refused: the link would fail the same way)."""
    args = request.view_args or {}
    if request.blueprint == "partners":
        return url_for("partners.inbox"), _("Terug naar de berichten")
    case_id = args.get("case_id")
    if isinstance(case_id, int) and status != 403 and request.endpoint != "cases.case_file":
        return url_for("cases.case_file", case_id=case_id), _("Terug naar het dossier")
    return None


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages]}
    out: dict[str, list[str]] = {}
    for key, value in (messages or {}).items():
        name = str(key) if not prefix or prefix in {"json", "query", "form"} else f"{prefix}.{key}"
        out.update(_flatten(value, name))
    return out


def unavailable() -> tuple[Any, int]:
    """503 while the database is away: nothing was done, the client may try again; the server recovers
    by itself once the database is back (connections are checked before use)."""
    answer, status = error_response(503, "unavailable")
    answer = make_response(answer, status)
    answer.headers["Retry-After"] = "5"
    return answer, status


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(ErkendError)
    def _domain(error: ErkendError):  # type: ignore[no-untyped-def]
        status = next((s for cls, s in STATUS.items() if type(error) is cls), None)
        status = status or next((s for cls, s in STATUS.items() if isinstance(error, cls)), 500)
        fields = error.errors if isinstance(error, ValidationFailed) else None
        return error_response(status, error.code if status != 500 else "error", fields)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):  # type: ignore[no-untyped-def]
        return error_response(400, "csrf_failed")

    @app.errorhandler(DatabaseError)
    def _database(error: DatabaseError):  # type: ignore[no-untyped-def]
        if not database_unreachable(error):
            raise error  # a fault of ours, not an outage: the 500 handler answers it
        return unavailable()

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        original = getattr(error, "original_exception", None)
        if error.code == 500 and isinstance(original, DatabaseError) and database_unreachable(original):
            return unavailable()  # met before a view ran (opening the session) or after (saving it)
        if error.response is not None or (error.code or 500) < 400:
            return error.get_response()  # redirects (to the login page, or routing's slash redirects)
        status = error.code or 500
        fields = None
        data = getattr(error, "data", None)
        if status == 422 and isinstance(data, dict) and "messages" in data:
            fields = _flatten(data["messages"])
        answer, status = error_response(status, HTTP_CODES.get(status, "error"), fields)
        if status == 405 and getattr(error, "valid_methods", None):
            # RFC 9110 15.5.6: a 405 names the methods the resource does support.
            answer = make_response(answer, status)
            answer.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return answer, status
