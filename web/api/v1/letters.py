"""Letters of a case through the API: the list delivered to the caller, and the PDF exactly as issued."""

from __future__ import annotations

from dataclasses import asdict

from flask import Response, current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from engine.application.letters import download, list_letters
from web.route_policy import current_actor, policy

blp = Blueprint("api_letters", __name__, url_prefix="/api/v1", description="Decision letters")


class LetterSchema(Schema):
    """engine.letter_reading.LetterSummary as the API shows it (without the case id it was asked for)."""

    id = fields.Integer()
    letter_type = fields.String()
    version = fields.Integer()
    sha256 = fields.String()
    size = fields.Integer()
    decided_on = fields.Date()
    sent_on = fields.Date()
    objection_deadline = fields.Date(allow_none=True)
    issued_at = fields.DateTime()
    superseded = fields.Boolean()


class LetterListSchema(Schema):
    letters = fields.List(fields.Nested(LetterSchema))


@blp.route("/cases/<int:case_id>/letters", methods=["GET"])
@policy("letters.read", case_arg="case_id")
@blp.response(200, LetterListSchema)
def letters(case_id: int):  # type: ignore[no-untyped-def]
    """Letters delivered to the caller, newest first; an empty list when none is (the route's policy has
    already answered 404 to a caller who may not see the case at all)."""
    services = current_app.extensions["erkend"]
    listed = list_letters(services, current_actor(), case_id, missing_ok=True)
    return {"letters": [asdict(s) for s in listed]}


@blp.route("/cases/<int:case_id>/letters/<int:letter_id>.pdf", methods=["GET"])
@policy("letters.read", case_arg="case_id")
@blp.response(200, content_type="application/pdf", description="the PDF as issued (SHA-256 in the ETag)")
def letter(case_id: int, letter_id: int):  # type: ignore[no-untyped-def]
    summary, pdf = download(current_app.extensions["erkend"], current_actor(), case_id, letter_id)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{summary.letter_type}-v{summary.version}.pdf"',
            "ETag": f'"{summary.sha256}"',
        },
    )
