"""Forms filled in by the identification panel: composition, first stage, preparation, hearing, final
decision, second review, non-punishment and objection handling."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from forms.fields import Indicator, ItemCount, choice, day, flag, label, text

NAMES_NL, NAMES_EN = ("naam", "namen"), ("name", "names")
MEMBERS = ItemCount(min=3, nl=("lid", "leden"), en=("member", "members"))
INDICATORS = ItemCount(min=1, nl=("indicator", "indicatoren"), en=("indicator", "indicators"))

MEMBER_ROLES = ["chair", "care", "medical", "legal", "labour", "child_expert", "police_liaison", "prosecution_liaison"]
INVESTIGATION_ROLES = {"police_liaison", "prosecution_liaison"}
THRESHOLDS = ["suspect_cannot_prove", "all_available_evidence"]


class Member(Schema):
    name = text("Naam", "Name", max_len=120)
    role = choice(MEMBER_ROLES, "Rol", "Role")
    voting = flag("Stemgerechtigd", "Voting member")
    investigates_case = fields.Boolean(load_default=False, metadata=label(
        "Betrokken bij het opsporingsonderzoek in deze zaak", "Involved in the investigation of this case"))


class ComposePanel(Schema):
    panel_members = fields.List(fields.Nested(Member), required=True, validate=MEMBERS,
                                metadata=label("Panelleden", "Panel members"))

    @validates_schema
    def investigation_is_no_member(self, data: dict[str, Any], **_: Any) -> None:
        """Police and prosecution only inform the panel: never voting, never for a case they investigate."""
        for i, member in enumerate(data.get("panel_members", [])):
            if member["role"] in INVESTIGATION_ROLES and member["voting"]:
                raise ValidationError({str(i): ["politie/OM is geen stemgerechtigd lid / police and prosecution "
                                                "never vote"]}, "panel_members")
            if member.get("investigates_case"):
                raise ValidationError({str(i): ["wie deze zaak onderzoekt kan geen lid zijn / whoever investigates "
                                                "this case cannot sit on its panel"]}, "panel_members")
        if not any(m["role"] == "chair" and m["voting"] for m in data.get("panel_members", [])):
            raise ValidationError(["een voorzitter is verplicht / a chair is required"], "panel_members")


class FirstStage(Schema):
    indicators = fields.List(fields.Nested(Indicator), required=True, validate=INDICATORS,
                             metadata=label("Indicatoren", "Indicators"))
    threshold = choice(THRESHOLDS, "Toetsingsmaatstaf", "Threshold")
    outcome = choice(["positive", "negative"], "Redelijke gronden", "Reasonable grounds")
    reasons = text("Motivering", "Reasons", min_len=10)


class Reconsideration(Schema):
    outcome = choice(["positive", "negative"], "Redelijke gronden na heroverweging", "Reasonable grounds on reconsideration")
    reasons = text("Motivering", "Reasons", min_len=10)
    reconsidered_by = fields.List(fields.String(validate=validate.Length(min=1, max=120)), required=True,
                                  validate=ItemCount(min=1, nl=NAMES_NL, en=NAMES_EN), metadata=label("Heroverwogen door", "Reconsidered by"))


class Escalation(Schema):
    action_taken = text("Genomen actie", "Action taken")


class Prepare(Schema):
    info_requested_from = fields.List(fields.String(validate=validate.OneOf(["police", "ind", "care", "medical"])),
                                      load_default=list, metadata=label("Informatie opvragen bij", "Request information from"))
    info_question = text("Vraag", "Question", required=False)
    hearing_wanted = flag("Persoon horen", "Hear the person")

    @validates_schema
    def question_with_request(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("info_requested_from") and not data.get("info_question"):
            raise ValidationError(["verplicht bij een informatieverzoek / required with a request"], "info_question")


class Hearing(Schema):
    heard_on = day("Gehoord op", "Heard on", past_only=True)
    interpreter = text("Tolk (taal)", "Interpreter (language)", required=False, max_len=80)
    guardian_present = fields.Boolean(load_default=None, allow_none=True, metadata=label("Voogd aanwezig", "Guardian present"))
    summary = text("Samenvatting", "Summary")


class FinalDecision(Schema):
    threshold = choice(THRESHOLDS, "Toetsingsmaatstaf", "Threshold")
    outcome = choice(["positive", "negative"], "Slachtofferschap aannemelijk", "Victim status plausible")
    reasons = text("Motivering", "Reasons", min_len=10)
    decided_by = fields.List(fields.String(validate=validate.Length(min=1, max=120)), required=True,
                             validate=ItemCount(min=1, nl=NAMES_NL, en=NAMES_EN), metadata=label("Besloten door", "Decided by"))


class SecondReview(Schema):
    outcome = choice(["confirmed", "overturned"], "Uitkomst tweede beoordeling", "Second review outcome")
    reasons = text("Motivering", "Reasons", min_len=10)
    reviewed_by = fields.List(fields.String(validate=validate.Length(min=1, max=120)), required=True,
                              validate=ItemCount(min=1, nl=NAMES_NL, en=NAMES_EN), metadata=label(
                                  "Beoordeeld door", "Reviewed by", "Andere leden dan die van het besluit.",
                                  "Members other than those who decided."))


class NonPunishment(Schema):
    """Checklist A-F of the brief (§4.2)."""

    identification_status = choice(["none", "signal", "reflection_period", "panel_plausible", "b8_3", "trafficker_convicted"],
                                   "A1 Status identificatie", "A1 Identification status")
    exploitation_form = choice(["criminal", "sexual", "labour", "other"], "A2 Vorm van uitbuiting", "A2 Form of exploitation")
    offence = text("B1 Strafbaar feit (kwalificatie, datum, plaats)", "B1 Offence (qualification, date, place)")
    offence_category = choice(["status_related", "consequential", "escape_related", "unrelated"],
                              "B2 Categorie", "B2 Category")
    max_penalty_years = fields.Integer(required=True, validate=validate.Range(min=0, max=30),
                                       metadata=label("B3 Strafmaximum (jaren)", "B3 Maximum penalty (years)"))
    violence_against_persons = flag("B3 Geweld tegen personen", "B3 Violence against persons")
    exclusion_like = flag("B3 Zeer ernstig feit (proportionaliteitsvlag)", "B3 Very serious offence (proportionality flag)",
                          help_nl="Geen wettelijke uitsluiting in NL; weegt mee.", help_en="No statutory bar in NL; weighs in.")
    compulsion_means = fields.List(fields.String(validate=validate.OneOf(
        ["threats", "violence", "debt_bondage", "document_retention", "abuse_of_vulnerability", "deception",
         "dependency", "isolation"])), load_default=list, metadata=label("C1 Dwangmiddelen", "C1 Means of compulsion"))
    compulsion_intensity = choice(["direct_order", "environmental_pressure", "none"], "C2 Intensiteit", "C2 Intensity")
    realistic_alternative = fields.Boolean(load_default=None, allow_none=True, metadata=label(
        "C3 Redelijk alternatief (volwassenen)", "C3 Realistic alternative (adults)"))
    causal_link = choice(["direct_consequence", "in_course_of", "none"], "D1 Causaal verband", "D1 Causal link")
    timing = choice(["during", "after"], "D2 Moment", "D2 Timing")
    proceeds_to = choice(["exploiter", "person", "shared"], "D3 Opbrengst naar", "D3 Proceeds went to")
    age_at_offence = fields.Integer(required=True, validate=validate.Range(min=0, max=120),
                                    metadata=label("E1 Leeftijd ten tijde van het feit", "E1 Age at the offence"))
    child_specific_test = fields.Boolean(load_default=None, allow_none=True, metadata=label(
        "E2 Kindtoets: direct gevolg en redelijk kind", "E2 Child test: direct consequence and reasonable child"))
    recommendation = choice(["no_prosecution", "sepot", "ontslag", "art_9a", "mitigation", "no_non_punishment"],
                            "F1 Voorstel", "F1 Recommendation")
    reasons = text("F2 Motivering (ook tegenindicaties)", "F2 Reasons (including contrary indications)", min_len=10)

    @validates_schema
    def child_test_for_children(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("age_at_offence", 18) < 18 and data.get("child_specific_test") is None:
            raise ValidationError(["verplicht voor kinderen / required for children"], "child_specific_test")

    @post_load
    def outcome(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["outcome"] = data["recommendation"]
        return data


class Departure(Schema):
    follow_up = text("Vervolgactie", "Follow-up")


class ObjectionHearing(Schema):
    heard_on = day("Hoorzitting op", "Hearing held on", required=False, past_only=True)
    waived = flag("Afgezien van horen (art. 7:3 Awb)", "Hearing waived (art. 7:3 Awb)")
    advisory_committee = flag(
        "Bezwaar gehoord door een adviescommissie (art. 7:13 Awb; beslistermijn 12 weken)",
        "Objection heard by an advisory committee (art. 7:13 Awb; decision term 12 weeks)", required=False)
    notes = text("Verslag", "Report", required=False)
    # Art. 7:10 lid 3 Awb: the decision may be put off once, by at most six weeks, in writing before the
    # decision term ends; the model checks the date and sends the notice with the new last day.
    term_extended_weeks = fields.Integer(
        required=False, load_default=None, allow_none=True, validate=validate.Range(min=1, max=6),
        metadata=label("Beslissing verdagen met (weken, ten hoogste 6; art. 7:10, derde lid, Awb)",
                       "Extend the decision term by (weeks, at most 6; art. 7:10(3) Awb)"))
    term_extension_reasons = text("Reden van verdaging", "Reason for the extension", required=False, min_len=10)

    @validates_schema
    def reasons_with_extension(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("term_extended_weeks") and not data.get("term_extension_reasons"):
            raise ValidationError(["verplicht bij verdaging / required with an extension"], "term_extension_reasons")


class ObjectionLateness(Schema):
    """An objection received after its term: admissible when posted before the term ended and received
    within the week after (art. 6:9 lid 2 Awb, checked by the model from the dates) or when the lateness
    is excusable (art. 6:11 Awb); otherwise inadmissible, a decision with its own letter."""

    excusable = flag("Termijnoverschrijding verschoonbaar (art. 6:11 Awb)", "Lateness excusable (art. 6:11 Awb)")
    reasons = text("Motivering", "Reasons", min_len=10)

    @post_load
    def outcome_in_words(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        data["outcome"] = "excusable" if data["excusable"] else "not_excusable"
        return data


class ObjectionDecision(Schema):
    outcome = choice(["upheld", "rejected", "inadmissible"], "Bezwaar", "Objection")
    reasons = text("Motivering", "Reasons", min_len=10)


SCHEMAS = {
    "panel.compose": ComposePanel,
    "panel.first_stage": FirstStage,
    "panel.escalation": Escalation,
    "panel.reconsideration": Reconsideration,
    "panel.prepare": Prepare,
    "panel.hearing": Hearing,
    "panel.final_decision": FinalDecision,
    "panel.second_review": SecondReview,
    "panel.non_punishment": NonPunishment,
    "panel.np_departure": Departure,
    "panel.objection_hearing": ObjectionHearing,
    "panel.objection_decision": ObjectionDecision,
    "panel.objection_lateness": ObjectionLateness,
}
