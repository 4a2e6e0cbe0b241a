"""Forms of the engine's reference process (processes/reference*.bpmn). Not a procedure form."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from forms.fields import day, event_day


def label(nl: str, en: str) -> dict[str, dict[str, str]]:
    return {"label": {"nl": nl, "en": en}}


class IntakeForm(Schema):
    person_alias = fields.String(required=True, validate=validate.Length(min=1, max=120),
                                 metadata=label("Roepnaam (pseudoniem)", "Alias (pseudonym)"))
    needs_review = fields.Boolean(required=True, metadata=label("Tweede beoordeling nodig", "Needs second review"))
    signal_date = day("Datum signaal", "Date of signal", required=False, past_only=True)


class ReviewForm(Schema):
    agree = fields.Boolean(required=True, metadata=label("Eens met intake", "Agrees with intake"))


class DecideForm(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(["positive", "negative"]),
                            metadata=label("Uitkomst", "Outcome"))
    reasons = fields.String(required=True, validate=validate.Length(min=10, max=5000),
                            metadata=label("Motivering", "Reasons"))


class InvestigationClosedMessage(Schema):
    closed_on = event_day("Afgesloten op", "Closed on")
    outcome = fields.String(required=True, validate=validate.OneOf(["dismissed", "prosecuted", "convicted", "acquitted"]),
                            metadata=label("Uitkomst onderzoek", "Outcome of the investigation"))


SCHEMAS = {
    "reference.intake": IntakeForm,
    "reference.review": ReviewForm,
    "reference.decide": DecideForm,
    "message.investigation_closed": InvestigationClosedMessage,
}
