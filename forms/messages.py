"""Inbound messages (from police, prosecution, guardianship bodies, lawyers and care) that the procedure
models wait for. Each is validated before it reaches a case; a bad payload names the field and
changes nothing."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from forms.fields import choice, day, flag, label, text


class ReportFiled(Schema):
    filed_on = day("Aangifte op", "Report filed on")
    filed_with = choice(["police", "kmar"], "Bij", "Filed with")
    report_ref = text("Kenmerk", "Reference", max_len=80)


class CooperationOffered(Schema):
    offered_on = day("Datum", "Date")
    description = text("Vorm van medewerking", "Form of cooperation")


class CannotCooperate(Schema):
    """Route (d): a police/KMar and/or medical statement is required (Vc 2000 B8/3)."""

    ground = choice(["threat", "medical"], "Grond", "Ground")
    statement_by = choice(["police", "kmar", "medical"], "Verklaring van", "Statement by")
    statement_date = day("Datum verklaring", "Statement date")


class Declined(Schema):
    declined_on = day("Datum", "Date")


class LeadsAssessment(Schema):
    leads_in_nl = flag("Opsporingsindicaties in NL", "Investigative leads in NL")
    presence_needed = flag("Aanwezigheid nodig", "Presence needed")
    assessed_on = day("Beoordeeld op", "Assessed on")


class CriminalCaseEvent(Schema):
    on = day("Datum", "Date")
    articles = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list,
                           metadata=label("Artikelen", "Articles"))
    reference = text("Parketnummer", "Case number", required=False, max_len=80)


class GuardianAppointed(Schema):
    body = text("Instelling", "Body", max_len=120)
    appointed_on = day("Benoemd op", "Appointed on")


class ProsecutionDecision(Schema):
    """The prosecutor's answer to non-punishment advice; departing from it requires reasons."""

    decision = choice(["no_prosecution", "sepot", "prosecute", "summons", "transaction"], "Beslissing OM", "Prosecution decision")
    follows_advice = flag("Advies gevolgd", "Advice followed")
    reasons = text("Motivering", "Reasons", required=False, min_len=10)

    @validates_schema
    def reasons_when_departing(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("follows_advice") is False and not data.get("reasons"):
            raise ValidationError(["verplicht bij afwijking van het advies / required when departing from the advice"],
                                  "reasons")


class ChildMissing(Schema):
    missing_since = day("Vermist sinds", "Missing since")
    risk_level = choice(["high", "medium", "low"], "Risico", "Risk")


class ChildFound(Schema):
    found_on = day("Teruggevonden op", "Found on")


class InformationReceived(Schema):
    source = choice(["police", "ind", "care", "medical"], "Van", "From")
    answer = text("Antwoord", "Answer")


class ObjectionLodged(Schema):
    lodged_on = day("Ontvangen op", "Received on")
    grounds = text("Gronden", "Grounds", min_len=10)


class ReconsiderationRequested(Schema):
    requested_on = day("Verzoek ontvangen op", "Request received on")
    grounds = text("Gronden", "Grounds", min_len=10)


SCHEMAS = {
    "message.reconsideration_requested": ReconsiderationRequested,
    "message.report_filed": ReportFiled,
    "message.cooperation_offered": CooperationOffered,
    "message.cannot_cooperate": CannotCooperate,
    "message.declined": Declined,
    "message.leads_assessment": LeadsAssessment,
    "message.prosecution_started": CriminalCaseEvent,
    "message.dismissal": CriminalCaseEvent,
    "message.acquittal": CriminalCaseEvent,
    "message.conviction": CriminalCaseEvent,
    "message.guardian_appointed": GuardianAppointed,
    "message.prosecution_decision": ProsecutionDecision,
    "message.child_missing": ChildMissing,
    "message.child_found": ChildFound,
    "message.information_received": InformationReceived,
    "message.objection_lodged": ObjectionLodged,
}
