"""Forms filled in by the care coordinator: intake, safety, consent and shelter placement."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from forms.fields import Indicator, before_birth, choice, day, flag, label, text

SIGNAL_SOURCES = ["police", "kmar", "labour_inspectorate", "care_coordinator", "ngo", "municipality", "lawyer", "self"]
RESIDENCE_STATUS = ["dutch", "eu", "eu_family", "tcn_lawful", "tcn_unlawful", "witness_reporter", "dublin", "asylum"]
# The basis on which an EU citizen (or a family member of one) resides; which of them give a right of residence
# is policy data (`union_residence_bases`), not decided here.
UNION_BASES = ["worker", "self_employed", "jobseeker", "self_sufficient", "student", "family_member",
               "first_three_months", "none"]
# "not_needed": the person needs no shelter (stays with her own network or in her own home); the
# placement procedure ends without a place and without escalation.
PLACEMENT_OUTCOMES = ["placed", "interim", "no_place", "not_needed"]
# Where decision letters are delivered. A shelter's address is confidential and is never asked for or
# printed: a person in shelter receives her letters care of her lawyer or through the coordinator.
DELIVERY = ["care_of_lawyer", "postal_address", "via_coordinator"]
# The language a letter's translation follows; the Dutch text is the decision (only an English
# translation is produced, also for another language, which the coordinator explains with an interpreter).
LETTER_LANGUAGES = ["nl", "en", "other"]


class RegisterSignal(Schema):
    signal_source = choice(SIGNAL_SOURCES, "Bron van het signaal", "Source of the signal")
    signal_date = day("Datum signaal", "Date of the signal", past_only=True)
    signal_time = fields.String(
        load_default=None, allow_none=True,
        validate=validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="uu:mm / hh:mm"),
        metadata=label("Tijd signaal (uu:mm)", "Time of the signal (hh:mm)",
                       help_nl="Het moment van het eerste contact; de 36-uurstermijn voor plaatsing telt vanaf hier.",
                       help_en="The moment of first contact; the 36-hour placement term counts from here."))
    person_alias = text("Roepnaam (pseudoniem)", "Alias (pseudonym)", max_len=120,
                        help_nl="Voor schermen van wie de identiteit niet nodig heeft (panel, beleid).",
                        help_en="For the screens of roles that need no identity (panel, policy).")
    legal_name = text("Wettelijke naam", "Legal name", max_len=160,
                      help_nl="Zoals in een document of, zonder document, zoals opgegeven. Besluiten gaan op deze "
                              "naam, nooit op de roepnaam.",
                      help_en="As in a document or, without one, as stated. Decisions are addressed to this name, "
                              "never to the alias.")
    v_number = fields.String(
        load_default=None, allow_none=True,
        validate=validate.Regexp(r"^[0-9]{10}$", error="tien cijfers / ten digits"),
        metadata=label("V-nummer", "V-number", help_nl="Als de IND de persoon kent.",
                       help_en="Where the IND knows the person."))
    letter_language = choice(LETTER_LANGUAGES, "Taal van de brieven", "Language of the letters", required=False)
    delivery = choice(DELIVERY, "Bezorging van brieven", "Delivery of letters", required=False,
                      help_nl="Een opvangadres is geheim en komt nooit op een brief.",
                      help_en="A shelter's address is confidential and never appears on a letter.")
    postal_address = text("Postadres", "Postal address", required=False, max_len=300,
                          help_nl="Alleen bij bezorging op een eigen postadres; nooit een opvangadres.",
                          help_en="Only for delivery to an own postal address; never a shelter's address.")
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
                                    "the asylum application.", past_only=True)
    lawyer_name = text("Advocaat", "Lawyer", required=False, max_len=160,
                       help_nl="Krijgt een afschrift van elk besluit.", help_en="Receives a copy of every decision.")
    lawyer_office = text("Advocatenkantoor", "Law firm", required=False, max_len=160)
    lawyer_address = text("Postadres advocaat", "Lawyer's postal address", required=False, max_len=300)
    unaccompanied = fields.Boolean(load_default=False, metadata=label("Alleenstaand (minderjarige)", "Unaccompanied (minor)"))
    parents = text("Ouders met gezag", "Parents with parental authority", required=False, max_len=200,
                   help_nl="Een kind met ouders met gezag krijgt geen voogd; de brieven gaan naar de ouders.",
                   help_en="A child whose parents hold parental authority gets no guardian; letters go to the parents.")
    family_guardian = text("Gezinsvoogd (ondertoezichtstelling)", "Family guardian (supervision order)",
                           required=False, max_len=200,
                           help_nl="Naam en gecertificeerde instelling, bij een ondertoezichtstelling (art. 1:255 BW).",
                           help_en="Name and certified institution, under a supervision order (art. 1:255 Civil Code).")
    exploitation_form = choice(["labour", "sexual", "criminal", "other"], "Vorm van uitbuiting", "Form of exploitation")
    suspected_offence = flag("Verdacht van een strafbaar feit", "Suspected of an offence",
                             help_nl="Start de non-punishmentbeoordeling.", help_en="Starts the non-punishment assessment.")
    indicators = fields.List(fields.Nested(Indicator), load_default=list,
                             metadata=label("Indicatoren", "Indicators"))

    @validates_schema
    def postal_address_for_postal_delivery(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("delivery") == "postal_address" and not data.get("postal_address"):
            raise ValidationError(["verplicht bij bezorging op een postadres / required for delivery to a postal address"],
                                  "postal_address")
        if data.get("delivery") == "care_of_lawyer":
            for name in ("lawyer_name", "lawyer_address"):
                if not data.get(name):
                    raise ValidationError(["verplicht bij bezorging per adres van de advocaat / required for delivery "
                                           "care of the lawyer"], name)

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
                          "geëscaleerd. Geen opvang nodig: de persoon verblijft in het eigen netwerk of de eigen "
                          "woning; de plaatsing eindigt zonder escalatie.",
                          help_en="No place or an interim place is recorded and escalated. No shelter needed: the "
                          "person stays with her own network or in her own home; placement ends without escalation."),
                  "enum": PLACEMENT_OUTCOMES})
    shelter_type = choice(["cosm", "omm", "regular", "youth", "none"], "Opvang", "Shelter",
                          help_nl="COSM: categorale opvang (plaatsing via de coördinator); OMM: meervoudige problematiek.",
                          help_en="COSM: categorical shelter (placed by the coordinator); OMM: multiple problems.")
    placement_start = day("Ingangsdatum", "Start date")
    reasons = text("Motivering", "Reasons", required=False)

    @validates_schema
    def no_shelter_when_none_is_needed(self, data: dict[str, Any], **_: Any) -> None:
        """No shelter needed names no shelter, and says why."""
        if data.get("placement_outcome") == "not_needed":
            if data.get("shelter_type") != "none":
                raise ValidationError(["'geen' als geen opvang nodig is / 'none' when no shelter is needed"],
                                      "shelter_type")
            if not data.get("reasons"):
                raise ValidationError(["verplicht als geen opvang nodig is / required when no shelter is needed"],
                                      "reasons")


class PlacementEscalation(Schema):
    escalated_to = text("Geëscaleerd naar", "Escalated to", max_len=120)
    action_taken = text("Genomen actie", "Action taken")


class ReflectionShelter(Schema):
    shelter_type = choice(["cosm", "omm", "regular", "youth"], "Opvang tijdens bedenktijd", "Shelter during reflection")
    shelter_confirmed = flag("Plaatsing bevestigd", "Placement confirmed")


class EuStatus(Schema):
    """The facts Union-law residence rests on, not a conclusion: the routing decides from them."""

    union_basis = choice(UNION_BASES, "Grond van verblijf volgens Unierecht", "Basis of residence under Union law",
                         help_nl="Zonder grond (en zonder 5 jaar rechtmatig verblijf) geldt B8/3 zoals voor "
                                 "derdelanders.",
                         help_en="Without a basis (and without 5 years of lawful residence) B8/3 applies as to "
                                 "third-country nationals.")
    lawful_residence_since = day("Rechtmatig verblijf volgens Unierecht sinds", "Lawful residence under Union law since",
                                 required=False, past_only=True,
                                 help_nl="Het begin van het rechtmatig verblijf, niet van de enkele aanwezigheid. "
                                         "Onbekend: de ontheffing is nodig.",
                                 help_en="The start of lawful residence, not of mere presence. Unknown: the exemption "
                                         "is needed.")


class EuExemptionRequest(Schema):
    """The exemption is granted when reporting is impossible for safety or health reasons, supported by a
    police and/or medical statement (Wegwijzer Mensenhandel)."""

    ground = choice(["threat", "medical"], "Aangifte onmogelijk wegens", "Reporting impossible because of")
    statement_by = choice(["police", "kmar", "medical"], "Verklaring van", "Statement by")
    statement_date = day("Datum verklaring", "Statement date", past_only=True)


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
