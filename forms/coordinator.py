"""Forms filled in by the care coordinator: intake, safety, consent and shelter placement."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from forms.fields import Indicator, before_birth, choice, day, flag, label, text

SIGNAL_SOURCES = ["police", "kmar", "labour_inspectorate", "care_coordinator", "ngo", "municipality", "lawyer", "self"]
RESIDENCE_STATUS = ["dutch", "eu", "tcn_lawful", "tcn_unlawful", "dublin", "asylum"]
PLACEMENT_OUTCOMES = ["placed", "interim", "no_place"]


class RegisterSignal(Schema):
    signal_source = choice(SIGNAL_SOURCES, "Bron van het signaal", "Source of the signal")
    signal_date = day("Datum signaal", "Date of the signal", past_only=True)
    signal_time = fields.String(
        load_default=None, allow_none=True,
        validate=validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="uu:mm / hh:mm"),
        metadata=label("Tijd signaal (uu:mm)", "Time of the signal (hh:mm)",
                       help_nl="Het moment van het eerste contact; de 36-uurstermijn voor plaatsing telt vanaf hier.",
                       help_en="The moment of first contact; the 36-hour placement term counts from here."))
    person_alias = text("Roepnaam (pseudoniem)", "Alias (pseudonym)", max_len=120)
    birth_date = day("(Opgegeven) geboortedatum", "(Stated) date of birth", past_only=True,
                     help_nl="Zoals opgegeven of geschat; bij twijfel volgt leeftijdsonderzoek.",
                     help_en="As stated or estimated; an age assessment follows when in doubt.")
    age_doubt = flag("Twijfel over leeftijd", "Age in doubt",
                     help_nl="Bij twijfel geldt het vermoeden van minderjarigheid.",
                     help_en="While in doubt the person is presumed to be a minor.")
    nationality = text("Nationaliteit", "Nationality", required=False, max_len=80)
    residence_status = choice(RESIDENCE_STATUS, "Verblijfsstatus", "Residence status")
    asylum_applied_on = day("Datum asielaanvraag", "Date of the asylum application", required=False,
                            help_nl="Verplicht voor een Dublinclaimant: aangifte telt voor B8/3 alleen binnen 3 maanden "
                                    "na de asielaanvraag.",
                            help_en="Required for a Dublin claimant: a report counts for B8/3 only within 3 months of "
                                    "the asylum application.")
    unaccompanied = fields.Boolean(load_default=False, metadata=label("Alleenstaand (minderjarige)", "Unaccompanied (minor)"))
    exploitation_form = choice(["labour", "sexual", "criminal", "other"], "Vorm van uitbuiting", "Form of exploitation")
    suspected_offence = flag("Verdacht van een strafbaar feit", "Suspected of an offence",
                             help_nl="Start de non-punishmentbeoordeling.", help_en="Starts the non-punishment assessment.")
    indicators = fields.List(fields.Nested(Indicator), load_default=list,
                             metadata=label("Indicatoren", "Indicators"))

    @validates_schema
    def asylum_date_for_dublin(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("residence_status") == "dublin" and not data.get("asylum_applied_on"):
            raise ValidationError(["verplicht voor een Dublinclaimant / required for a Dublin claimant"],
                                  "asylum_applied_on")

    @validates_schema
    def nothing_before_birth(self, data: dict[str, Any], **_: Any) -> None:
        """A signal about a person, or her asylum application, cannot precede her birth."""
        birth = data.get("birth_date")
        for name, nl, en in (("signal_date", "het signaal", "the signal"),
                             ("asylum_applied_on", "de asielaanvraag", "the asylum application")):
            if birth and data.get(name) and data[name] < birth:
                raise ValidationError([before_birth(nl, en)], name)


class SafetyCheck(Schema):
    immediate_danger = flag("Acuut gevaar", "Immediate danger")
    safe_location = flag("Op een veilige plek", "At a safe location")
    emergency_bed = flag("Noodbed nodig", "Emergency bed needed")
    notes = text("Toelichting", "Notes", required=False)


class Consent(Schema):
    consent_given = flag("Toestemming gegeven", "Consent given",
                         help_nl="Geïnformeerde toestemming voor registratie en verwijzing.",
                         help_en="Informed consent to registration and referral.")
    informed_in_language = text("Geïnformeerd in taal", "Informed in language", max_len=60)


class Placement(Schema):
    placement_outcome = fields.String(
        load_default="placed", validate=validate.OneOf(PLACEMENT_OUTCOMES),
        metadata={**label("Uitkomst", "Outcome", help_nl="Geen plaats of een tussenplaats wordt vastgelegd en "
                          "geëscaleerd.", help_en="No place or an interim place is recorded and escalated."),
                  "enum": PLACEMENT_OUTCOMES})
    shelter_type = choice(["cosm", "omm", "regular", "youth", "none"], "Opvang", "Shelter",
                          help_nl="COSM: categorale opvang (plaatsing via de coördinator); OMM: meervoudige problematiek.",
                          help_en="COSM: categorical shelter (placed by the coordinator); OMM: multiple problems.")
    placement_start = day("Ingangsdatum", "Start date")
    reasons = text("Motivering", "Reasons", required=False)


class PlacementEscalation(Schema):
    escalated_to = text("Geëscaleerd naar", "Escalated to", max_len=120)
    action_taken = text("Genomen actie", "Action taken")


class ReflectionShelter(Schema):
    shelter_type = choice(["cosm", "omm", "regular", "youth"], "Opvang tijdens bedenktijd", "Shelter during reflection")
    shelter_confirmed = flag("Plaatsing bevestigd", "Placement confirmed")


class EuStatus(Schema):
    union_rights = flag("Verblijfsrecht op grond van het Unierecht", "Residence right under Union law",
                        help_nl="Zonder rechten uit het Unierecht geldt B8/3 zoals voor derdelanders.",
                        help_en="Without rights under Union law B8/3 applies as to third-country nationals.")
    eu_residence_since = day("In Nederland sinds", "Residing in the Netherlands since", required=False,
                             help_nl="Onbekend: de ontheffing is nodig.", help_en="Unknown: the exemption is needed.")


class EuExemptionRequest(Schema):
    """The exemption is granted when reporting is impossible for safety or health reasons, supported by a
    police and/or medical statement (Wegwijzer Mensenhandel)."""

    ground = choice(["threat", "medical"], "Aangifte onmogelijk wegens", "Reporting impossible because of")
    statement_by = choice(["police", "kmar", "medical"], "Verklaring van", "Statement by")
    statement_date = day("Datum verklaring", "Statement date")


SCHEMAS = {
    "coordinator.register_signal": RegisterSignal,
    "coordinator.safety_check": SafetyCheck,
    "coordinator.consent": Consent,
    "coordinator.placement": Placement,
    "coordinator.placement_escalation": PlacementEscalation,
    "coordinator.reflection_shelter": ReflectionShelter,
    "coordinator.eu_status": EuStatus,
    "coordinator.eu_exemption_request": EuExemptionRequest,
}
