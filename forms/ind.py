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
    """Withdrawal of a permit that rests on the criminal case, after a notice of intention (art. 4:8 Awb).
    The permit runs for the investigation, the prosecution and the trial on the facts (berechting in
    feitelijke aanleg: first instance and appeal, not cassation; Vc 2000 B8/3): the form says at which
    instance the criminal case stands and whether that is final, and refuses a withdrawal on a
    first-instance judgment while an appeal on the facts is pending or can still be lodged."""

    outcome = choice(["withdrawn", "maintained"], "Besluit", "Decision",
                     help_nl="Na een voornemen: intrekken, of de vergunning laten doorlopen na de zienswijze.",
                     help_en="After a notice of intention: withdraw, or let the permit run on after the view.")
    criminal_case_instance = choice(
        ["none", "first", "appeal", "cassation"], "Stand strafzaak: instantie", "Criminal case: instance",
        help_nl="Geen: geen rechterlijke uitspraak (sepot, aangifte ingetrokken).",
        help_en="None: no judgment (dismissal, report withdrawn).")
    criminal_case_final = flag("Uitspraak onherroepelijk", "Judgment final",
                               help_nl="Nee zolang hoger beroep of cassatie loopt of nog kan worden ingesteld.",
                               help_en="No while an appeal or cassation is pending or can still be lodged.")
    retroactive_from = day("Met terugwerkende kracht vanaf", "Retroactive from", required=False,
                           help_nl="ECLI:NL:RBDHA:2021:4297", help_en="ECLI:NL:RBDHA:2021:4297", past_only=True)
    reasons = text("Motivering", "Reasons", min_len=10)

    @validates_schema
    def trial_on_the_facts_over(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("outcome") == "withdrawn" and data.get("criminal_case_instance") == "first"
                and data.get("criminal_case_final") is False):
            raise ValidationError([
                "een uitspraak in eerste aanleg waartegen hoger beroep loopt of nog open staat, beëindigt de "
                "vergunning niet (berechting in feitelijke aanleg, Vc B8/3) / a first-instance judgment open to "
                "or under appeal does not end the permit (trial on the facts, Vc B8/3)"], "criminal_case_final")


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
