"""Plain-language wording of coded payload values (Dutch, English). Unknown codes are shown as given,
so a model sending a new value still yields a readable letter rather than a failure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "placement": {
        "COSM": (
            "de categorale opvang voor slachtoffers van mensenhandel (COSM)",
            "the dedicated shelter for victims of trafficking (COSM)",
        ),
        "OMM": (
            "de opvang voor slachtoffers van mensenhandel met meervoudige problematiek (OMM)",
            "the shelter for victims of trafficking with multiple problems (OMM)",
        ),
        "regular": ("een reguliere opvanglocatie", "a regular shelter"),
        "youth": ("een opvanglocatie voor jongeren", "a youth shelter"),
        "cosm": (
            "de categorale opvang voor slachtoffers van mensenhandel (COSM)",
            "the dedicated shelter for victims of trafficking (COSM)",
        ),
        "omm": (
            "de opvang voor slachtoffers van mensenhandel met meervoudige problematiek (OMM)",
            "the shelter for victims of trafficking with multiple problems (OMM)",
        ),
    },
    "advice": {
        "no_prosecution": ("de betrokkene niet te vervolgen", "not to prosecute the person concerned"),
        "sepot": (
            "de zaak te seponeren (art. 167 Wetboek van Strafvordering)",
            "to discontinue the case (art. 167 Code of Criminal Procedure)",
        ),
        "ontslag": (
            "ontslag van alle rechtsvervolging te vorderen wegens overmacht (art. 40 Wetboek van Strafrecht)",
            "to ask for discharge from prosecution on grounds of duress (art. 40 Criminal Code)",
        ),
        "pardon": (
            "een rechterlijk pardon te vorderen (art. 9a Wetboek van Strafrecht)",
            "to ask for a judicial pardon (art. 9a Criminal Code)",
        ),
        "art_9a": (
            "een rechterlijk pardon te vorderen (art. 9a Wetboek van Strafrecht)",
            "to ask for a judicial pardon (art. 9a Criminal Code)",
        ),
        "mitigation": (
            "bij de strafeis rekening te houden met het slachtofferschap",
            "to take the person's victimhood into account in the sentence sought",
        ),
        "no_non_punishment": (
            "het non-punishmentbeginsel in deze zaak niet toe te passen",
            "not to apply the non-punishment principle in this case",
        ),
    },
    "outcome": {
        "well_founded": ("gegrond", "well-founded"),
        "partly_well_founded": ("gedeeltelijk gegrond", "partly well-founded"),
        "unfounded": ("ongegrond", "unfounded"),
        "inadmissible": ("niet-ontvankelijk", "inadmissible"),
    },
    # The grounds of art. 3.48 lid 1 Vb 2000 told apart (issue 9 item 3; sub-letters b and c unverified,
    # see letters.citations): a permit on ground (d) never says that the person reported the crime.
    "ground": {
        "a": (
            "u heeft aangifte gedaan van mensenhandel (art. 3.48, eerste lid, onder a, Vreemdelingenbesluit 2000)",
            "you reported the crime of human trafficking",
        ),
        "b": (
            "u werkt op een andere manier mee aan het strafrechtelijk onderzoek of de vervolging "
            "(art. 3.48, eerste lid, onder b, Vreemdelingenbesluit 2000)",
            "you cooperate otherwise with the criminal investigation or prosecution",
        ),
        "c": (
            "u heeft als getuige-aangever aangifte gedaan (art. 3.48, eerste lid, onder c, Vreemdelingenbesluit 2000)",
            "you reported the crime as a witness",
        ),
        "d": (
            "u kunt niet meewerken vanwege een ernstige bedreiging of een medische of psychische beperking "
            "(art. 3.48, eerste lid, onder d, Vreemdelingenbesluit 2000)",
            "you cannot cooperate because of a serious threat or a medical or psychological condition",
        ),
        "conviction": (
            "in de strafzaak is een verdachte veroordeeld",
            "a suspect was convicted in the criminal case",
        ),
        "three_years": (
            "u heeft ten minste drie jaar onafgebroken een verblijfsvergunning als slachtoffer van "
            "mensenhandel gehad",
            "you have held a residence permit as a victim of trafficking for at least three continuous years",
        ),
        "identification": (
            "het Multidisciplinair Identificatiepanel Mensenhandel heeft besloten dat het aannemelijk "
            "is dat u slachtoffer bent van mensenhandel",
            "the identification panel decided that you are plausibly a victim of trafficking",
        ),

        "prosecution": (
            "de officier van justitie is tot vervolging overgegaan",
            "the prosecutor has brought charges",
        ),
        "declined": ("u heeft laten weten geen aangifte te doen", "you said you will not report the crime"),
        "expired": ("de bedenktijd is verstreken", "the reflection period has expired"),
        "report_withdrawn": ("u heeft uw aangifte ingetrokken voordat wij op de verblijfsvergunning hebben beslist, en "
                             "de bedenktijd is voorbij", "you withdrew your report before we decided on the residence "
                             "permit, and the reflection period is over"),
        "asylum": ("u heeft een asielaanvraag ingediend; zolang daarop niet is beslist, verblijft u rechtmatig in "
                   "Nederland op grond van art. 8, onder f, Vreemdelingenwet 2000",
                   "you have applied for asylum; until that application is decided, your stay in the Netherlands is "
                   "lawful under art. 8(f) Aliens Act 2000"),
    },
    # the EU shelter exemption: why reporting is impossible, and who made the supporting statement
    "exemption_ground": {
        "threat": ("uw veiligheid (bedreiging)", "your safety (a threat)"),
        "medical": ("uw gezondheid (medische redenen)", "your health (medical reasons)"),
    },
    "statement_by": {
        "police": ("de politie", "the police"),
        "kmar": ("de Koninklijke Marechaussee", "the Royal Netherlands Marechaussee"),
        "medical": ("een arts", "a doctor"),
    },
    "threshold": {
        "suspect_cannot_prove": (
            "er is reden om te vermoeden dat de betrokkene slachtoffer is, ook als dat (nog) "
            "niet kan worden bewezen",
            "there is reason to suspect that the person is a victim, even if it cannot (yet) be proven",
        ),
        "all_available_evidence": (
            "op grond van al het beschikbare bewijs is het waarschijnlijker dan niet dat de "
            "betrokkene slachtoffer is",
            "on all available evidence it is more likely than not that the person is a victim",
        ),
    },
    "causal_link": {
        "direct_consequence": (
            "het feit is een direct gevolg van de uitbuiting",
            "the offence is a direct consequence of the exploitation",
        ),
        "in_course_of": (
            "het feit is gepleegd in de loop van de uitbuiting",
            "the offence was committed in the course of the exploitation",
        ),
        "none": (
            "er is geen verband met de uitbuiting vastgesteld",
            "no link with the exploitation was found",
        ),
    },
    "exploitation": {
        "sexual": ("seksuele uitbuiting", "sexual exploitation"),
        "labour": ("arbeidsuitbuiting", "labour exploitation"),
        "criminal": ("criminele uitbuiting", "criminal exploitation"),
        "other": ("een andere vorm van uitbuiting", "another form of exploitation"),
    },
}

# ILO indicators of forced labour (2012), brief section 7.1.
_INDICATORS: dict[str, tuple[str, str]] = {
    "physical_sexual_violence": ("lichamelijk en seksueel geweld", "physical and sexual violence"),
    "intimidation_threats": ("intimidatie en bedreiging", "intimidation and threats"),
    "retention_of_documents": ("afpakken van identiteitspapieren", "retention of identity documents"),
    "withholding_wages": ("inhouden van loon", "withholding of wages"),
    "abusive_conditions": ("slechte werk- en leefomstandigheden", "abusive working and living conditions"),
    "deceptive_recruitment": ("misleidende werving", "deceptive recruitment"),
    "coercive_recruitment": ("werving onder dwang", "coercive recruitment"),
    "coercion_at_destination": ("dwang op de plaats van bestemming", "coercion at destination"),
    "false_promises": (
        "naar Nederland gelokt met valse beloften",
        "lured to the Netherlands by false promises",
    ),
    "high_debt_to_employer": ("hoge schuld aan de werkgever", "high debt to the employer"),
    "no_control_documents_or_bank": (
        "geen zeggenschap over paspoort of bankrekening",
        "no control over passport or bank account",
    ),
    "dangerous_work_long_days": (
        "gevaarlijk werk of zeer lange werkdagen",
        "dangerous work or very long days",
    ),
    "underpaid_or_unpaid": ("onderbetaald of niet betaald", "underpaid or unpaid"),
    "abuse_of_vulnerability": ("misbruik van een kwetsbare positie", "abuse of vulnerability"),
    "deception": ("misleiding", "deception"),
    "restriction_of_movement": ("beperking van de bewegingsvrijheid", "restriction of movement"),
    "isolation": ("isolement", "isolation"),
    "physical_and_sexual_violence": ("lichamelijk en seksueel geweld", "physical and sexual violence"),
    "intimidation_and_threats": ("intimidatie en bedreiging", "intimidation and threats"),
    "retention_of_identity_documents": (
        "afpakken van identiteitspapieren",
        "retention of identity documents",
    ),
    "withholding_of_wages": ("inhouden van loon", "withholding of wages"),
    "debt_bondage": ("schuldslavernij", "debt bondage"),
    "abusive_working_and_living_conditions": (
        "slechte werk- en leefomstandigheden",
        "abusive working and living conditions",
    ),
    "excessive_overtime": ("buitensporig overwerk", "excessive overtime"),
}
_STATUS: dict[str, tuple[str, str]] = {
    "reported_by_person": ("verteld door de betrokkene", "reported by the person"),
    "observed": ("waargenomen", "observed"),
    "documented": ("blijkt uit documenten", "shown by documents"),
    "not_present": ("niet aanwezig", "not present"),
    "not_assessed": ("niet beoordeeld", "not assessed"),
}
_SOURCE: dict[str, tuple[str, str]] = {
    "self": ("de betrokkene", "the person"),
    "police": ("politie", "police"),
    "NGO": ("hulporganisatie", "NGO"),
    "ngo": ("hulporganisatie", "NGO"),
    "medical": ("medisch", "medical"),
    "inspector": ("inspectie", "inspectorate"),
    "document": ("document", "document"),
}


@dataclass(frozen=True)
class Indicator:
    label_nl: str
    label_en: str
    status_nl: str = ""
    status_en: str = ""
    source_nl: str = ""
    source_en: str = ""
    note: str = ""


def _plain(code: str) -> str:
    return code.replace("_", " ")


# The residence model's basis codes (residence_basis) -> the grounds of art. 3.48 lid 1 Vb above.
_WORDS["ground"].update(
    criminal_case=_WORDS["ground"]["a"],
    cooperation=_WORDS["ground"]["b"],
    witness=_WORDS["ground"]["c"],
    cannot_cooperate=_WORDS["ground"]["d"],
)


def mapped(name: str, value: Any, letter_type: str = "") -> tuple[str, str]:
    """(Dutch, English) wording of a coded value; ("", "") when absent; the value itself when unknown."""
    if value in (None, ""):
        return "", ""
    words = _WORDS.get(name, {}).get(str(value))
    return words if words else (str(value), str(value))


def indicator_of(item: Any) -> Indicator:
    if isinstance(item, Mapping):
        code = str(item.get("label") or item.get("code") or item.get("name") or item.get("id") or "")
        nl, en = _INDICATORS.get(code, (_plain(code), _plain(code)))
        status = _STATUS.get(str(item.get("status") or ""), (str(item.get("status") or ""),) * 2)
        source = _SOURCE.get(str(item.get("source") or ""), (str(item.get("source") or ""),) * 2)
        return Indicator(nl, en, status[0], status[1], source[0], source[1], str(item.get("note") or ""))
    code = str(item)
    nl, en = _INDICATORS.get(code, (_plain(code), _plain(code)))
    return Indicator(nl, en)
