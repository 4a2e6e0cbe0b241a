"""Forms filled in by the IND: age assessment, permit decisions, extension, withdrawal, continued residence."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from forms.fields import choice, day, flag, label, reasons_required_when_departing, text
from forms.panel import Escalation, ObjectionDecision, ObjectionHearing, ObjectionLateness


class AgeAssessment(Schema):
    method = choice(["schouw", "medical_lto", "documents"], "Methode", "Method",
                    help_nl="Schouw door drie onafhankelijke beoordelaars; LTO aangeboden.",
                    help_en="Visual assessment by three independent assessors; medical assessment offered.")
    assessors = fields.Integer(required=True, validate=validate.Range(min=1, max=10),
                               metadata=label("Aantal beoordelaars", "Number of assessors"))
    outcome = choice(["minor", "adult"], "Uitkomst", "Outcome")
    assessed_birth_date = day("Vastgestelde geboortedatum", "Assessed date of birth", required=False,
                              past_only=True)
    reasons = text("Motivering", "Reasons", min_len=10)


class Reminder(Schema):
    action_taken = text("Genomen actie", "Action taken")


class PermitDecision(Schema):
    outcome = choice(["granted", "refused"], "Besluit", "Decision")
    reasons = text("Motivering", "Reasons", min_len=10)


class AdviceDecision(Schema):
    """The IND's decision on residence on the ground of the panel's advice (variant setting panel_outcome =
    advice): a decision under the Aliens Act; departing from the advice needs reasons that say why."""

    outcome = choice(["granted", "refused"], "Besluit", "Decision")
    follows_advice = flag("Advies panel gevolgd", "Panel's advice followed")
    reasons = text("Motivering", "Reasons", min_len=10)
    departure_reasons = text("Waarom afgeweken van het advies", "Why the advice was not followed", required=False,
                             min_len=10)

    reasons_when_departing = reasons_required_when_departing("departure_reasons")


class EuExemption(Schema):
    outcome = choice(["granted", "refused"], "Ontheffing", "Exemption")
    reasons = text("Motivering", "Reasons", min_len=10)


class PermitExtension(Schema):
    outcome = choice(["extended", "ended"], "Verlenging", "Extension")
    reasons = text("Motivering", "Reasons", min_len=10)


class PermitWithdrawal(Schema):
    outcome = choice(["withdrawn", "maintained"], "Besluit", "Decision",
                     help_nl="Na een voornemen: intrekken, of de vergunning laten doorlopen na de zienswijze.",
                     help_en="After a notice of intention: withdraw, or let the permit run on after the view.")
    retroactive_from = day("Met terugwerkende kracht vanaf", "Retroactive from", required=False,
                           help_nl="ECLI:NL:RBDHA:2021:4297", help_en="ECLI:NL:RBDHA:2021:4297")
    reasons = text("Motivering", "Reasons", min_len=10)


class IntendedDecision(Schema):
    """The reasons of a notice of intended decision (art. 4:8 Awb); the person receives them in the letter."""

    reasons = text("Motivering van het voornemen", "Reasons for the intended decision", min_len=10)


class IntendedView(Schema):
    """The person's view on a notice of intended decision (zienswijze), recorded by the IND."""

    view_given = flag("Zienswijze gegeven", "View given")
    view_received_on = day("Ontvangen op", "Received on", required=False, past_only=True)
    view_summary = text("Samenvatting van de zienswijze", "Summary of the view", required=False)

    @validates_schema
    def date_and_summary_of_a_view(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("view_given"):
            for name in ("view_received_on", "view_summary"):
                if not data.get(name):
                    raise ValidationError(["verplicht als een zienswijze is gegeven / required when a view was given"],
                                          name)


class ContinuedResidence(Schema):
    outcome = choice(["granted", "refused"], "Besluit", "Decision")
    continued_ground = choice(["conviction", "three_years", "prosecution", "other"], "Grond", "Ground")
    reasons = text("Motivering", "Reasons", min_len=10)


SCHEMAS = {
    "ind.age_assessment": AgeAssessment,
    "ind.reminder": Reminder,
    "ind.permit_decision": PermitDecision,
    "ind.advice_decision": AdviceDecision,
    "ind.eu_exemption": EuExemption,
    "ind.permit_extension": PermitExtension,
    "ind.permit_withdrawal": PermitWithdrawal,
    "ind.continued_residence": ContinuedResidence,
    "ind.intended_decision": IntendedDecision,
    "ind.intended_view": IntendedView,
    # objections against IND decisions: the same questions as the panel's objection handling
    "ind.objection_hearing": ObjectionHearing,
    "ind.objection_decision": ObjectionDecision,
    "ind.objection_lateness": ObjectionLateness,
    "ind.escalation": Escalation,
}
