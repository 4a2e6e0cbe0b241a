"""Inbound messages (from police, prosecution, guardianship bodies, lawyers and care) that the procedure
models wait for. Each is validated before it reaches a case; a bad payload names the field and
changes nothing. Every date in a message is the day something happened, so none lies after today."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from forms.fields import choice, event_day, flag, label, reasons_required_when_departing, text


class ReportFiled(Schema):
    filed_on = event_day("Aangifte op", "Report filed on")
    filed_with = choice(["police", "kmar"], "Bij", "Filed with")
    report_ref = text("Kenmerk", "Reference", max_len=80)


class CooperationOffered(Schema):
    offered_on = event_day("Datum", "Date")
    description = text("Vorm van medewerking", "Form of cooperation")


class CannotCooperate(Schema):
    """Route (d): a police/KMar and/or medical statement is required (Vc 2000 B8/3)."""

    ground = choice(["threat", "medical"], "Grond", "Ground")
    statement_by = choice(["police", "kmar", "medical"], "Verklaring van", "Statement by")
    statement_date = event_day("Datum verklaring", "Statement date")


class Declined(Schema):
    declined_on = event_day("Datum", "Date")


class LeadsAssessment(Schema):
    leads_in_nl = flag("Opsporingsindicaties in NL", "Investigative leads in NL")
    presence_needed = flag("Aanwezigheid nodig", "Presence needed")
    assessed_on = event_day("Beoordeeld op", "Assessed on")


class CriminalCaseEvent(Schema):
    on = event_day("Datum", "Date")
    articles = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list,
                           metadata=label("Artikelen", "Articles"))
    reference = text("Parketnummer", "Case number", required=False, max_len=80)


class Acquittal(CriminalCaseEvent):
    """An acquittal ends a permit that rests on the criminal case only once no further proceedings on the
    facts are pending (the permit runs for the trial in feitelijke aanleg, Vc 2000 B8/3)."""

    instance = choice(["first", "appeal", "cassation"], "Instantie", "Instance")
    final = flag("Onherroepelijk", "Final",
                 help_nl="Nee zolang hoger beroep (in feitelijke aanleg) loopt of nog kan worden ingesteld.",
                 help_en="No while an appeal on the facts is pending or can still be lodged.")


class ReportWithdrawn(Schema):
    withdrawn_on = event_day("Ingetrokken op", "Withdrawn on")
    under_threat = flag("Onder dreiging", "Under threat",
                        help_nl="Ingetrokken wegens bedreiging van de persoon of haar familie.",
                        help_en="Withdrawn because the person or her family was threatened.")


class ThreatStatement(Schema):
    """The statement the IND asks for after a report withdrawn under threat: ground (d) of art. 3.48 lid 1
    Vb rests on it (Vc 2000 B8/3)."""

    confirmed = flag("Ernstige dreiging bevestigd", "Serious threat confirmed",
                     help_nl="De persoon kan wegens ernstige dreiging niet (langer) meewerken.",
                     help_en="The person cannot (any longer) cooperate because of a serious threat.")
    statement_by = choice(["police", "kmar", "medical"], "Verklaring van", "Statement by")
    statement_date = event_day("Datum verklaring", "Statement date")


class AsylumApplied(Schema):
    applied_on = event_day("Asielaanvraag op", "Asylum application on")
    dublin_claimant = flag("Dublinclaimant", "Dublin claimant",
                           help_nl="Een ander EU-land is verantwoordelijk voor de asielaanvraag (Dublinverordening).",
                           help_en="Another EU state is responsible for the asylum application (Dublin Regulation).")


class GuardianAppointed(Schema):
    """The guardian (voogd) who represents the child: letters about the child are addressed to him."""

    body = text("Instelling", "Body", max_len=120)
    appointed_on = event_day("Benoemd op", "Appointed on")
    name = text("Naam van de voogd", "Name of the guardian", required=False, max_len=160)
    address = text("Postadres van de voogd", "Guardian's postal address", required=False, max_len=300)


class ProsecutionDecision(Schema):
    """The prosecutor's answer to non-punishment advice; departing from it requires reasons."""

    decision = choice(["no_prosecution", "sepot", "prosecute", "summons", "transaction"], "Beslissing OM", "Prosecution decision")
    follows_advice = flag("Advies gevolgd", "Advice followed")
    reasons = text("Motivering", "Reasons", required=False, min_len=10)

    reasons_when_departing = reasons_required_when_departing("reasons")


class ChildMissing(Schema):
    missing_since = event_day("Vermist sinds", "Missing since")
    risk_level = choice(["high", "medium", "low"], "Risico", "Risk")


class ChildFound(Schema):
    found_on = event_day("Teruggevonden op", "Found on")


class InformationReceived(Schema):
    source = choice(["police", "ind", "care", "medical"], "Van", "From")
    answer = text("Antwoord", "Answer")


class ObjectionLodged(Schema):
    lodged_on = event_day("Ontvangen op", "Received on")
    posted_on = event_day("Ter post bezorgd op", "Posted on", required=False,
                    help_nl="Per post: tijdig als het voor het einde van de termijn is gepost en binnen een week "
                            "daarna is ontvangen (art. 6:9 lid 2 Awb).",
                    help_en="By post: in time when posted before the term ended and received within a week after "
                            "(art. 6:9(2) Awb).")
    grounds = text("Gronden", "Grounds", min_len=10)


class ReconsiderationRequested(Schema):
    requested_on = event_day("Verzoek ontvangen op", "Request received on")
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
    "message.acquittal": Acquittal,
    "message.report_withdrawn": ReportWithdrawn,
    "message.threat_statement": ThreatStatement,
    "message.asylum_applied": AsylumApplied,
    "message.conviction": CriminalCaseEvent,
    "message.guardian_appointed": GuardianAppointed,
    "message.prosecution_decision": ProsecutionDecision,
    "message.child_missing": ChildMissing,
    "message.child_found": ChildFound,
    "message.information_received": InformationReceived,
    "message.objection_lodged": ObjectionLodged,
}
