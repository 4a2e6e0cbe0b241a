"""The catalogue of decision letters: which decision types exist, which payload fields each reads,
which authority takes the decision, its legal basis and legal nature, the remedy (with its term as
data and its legal source), and who receives a copy.

A process model requests a letter by throwing the message ``issue_letter`` with a payload
``{"letter_type": <key>, ...decision fields}``. The letter is built from that payload and the case
data; nothing is typed by hand.

Payload fields read by every type (all optional unless a type lists them as required):
  decided_on    ISO date of the decision (default: the day of sending).
  decision_id   identifies the decision within the case; a second throw with the same id (or, without
                an id, the same payload) issues nothing new (default: SHA-256 of the payload).
  reasons       plain-language reasons: a string (paragraphs split on blank lines) or a list of strings.
  facts         list of strings: the facts relied on.
  indicators    list of strings or of dicts {"label" | "name" | "id", "status", "source", "note"}
                (brief section 7; statuses: reported_by_person, observed, documented, not_present).
  translation   "en" attaches an English translation; also attached when the person's language
                (case data ``person.language``) is not Dutch.
  signatory     name of the official who signs (default: the authority's signatory in authorities.toml).

Per type (``required`` must be present and non-empty; a missing one raises ``MissingField`` naming it;
``one of`` means at least one of the fields):
  referral_acknowledgement          optional: referred_on, placement (COSM | OMM | regular | text),
                                    placement_on, shelter, assistance (list of strings)
  reflection_granted                one of: period_end, term (ISO duration, e.g. P90D; end computed from
                                    period_start); optional: period_start, dublin (bool)
  reflection_refused                required: reasons; optional: offered_by (police | kmar | the body of
                                    the variant's policy value reflection_offer; reflection_granted too)
  no_indication_notice              required: reasons; optional: offered_by (police | kmar)
  intended_decision                 required: intended (withdrawal | extension | permit | continued),
                                    reasons, respond_by (ISO date, the last day to respond)
  reflection_ended                  optional: reasons, ended_on, ground (declined | expired | asylum |
                                    report_withdrawn (before the permit decision); default from
                                    the case: declined when a declined statement was received)
  identification_first_stage_*      positive: one of reasons, indicators; negative: required reasons;
                                    optional: threshold, final_decision_due (ISO date)
  identification_final_*            positive: one of reasons, indicators; negative: required reasons;
                                    optional: threshold, exploitation (form of exploitation)
  non_punishment_advice             required: advice (no_prosecution | sepot | ontslag | pardon |
                                    mitigation | no_non_punishment), offence; one of reasons, indicators;
                                    optional: offence_on, compulsion, causal_link
  residence_granted                 required: valid_until; optional: valid_from, ground (the grounds of
                                    art. 3.48 lid 1 Vb: a | b | c | d, or the residence model's codes
                                    criminal_case | cooperation | witness | cannot_cooperate |
                                    identification); extension (bool); ground_changed (bool: the permit runs
                                    on on another ground, after a report withdrawn under threat)
  residence_refused                 required: reasons; optional: refusal (permit | extension | withdrawal
                                    | withdrawal_witness (a witness-reporter's permit, on its own ground)
                                    | continued; default permit, or withdrawal when withdrawal is true),
                                    withdrawal (bool), effective_on, duty_to_leave (bool; default from the
                                    case's residence facts)
  residence_continued               optional: valid_from, ground (conviction | three_years | other)
  residence_extension_refused       required: reasons; optional: valid_until (the permit's last day),
                                    duty_to_leave (bool). Not extending the
                                    permit rests on art. 18 Vw 2000 (unverified), not on the grant articles
  residence_extension_pending       required: valid_until (the permit's last day); optional: statement_due
                                    (ISO date: the last day for the statement on threats),
                                    withdrawal_dropped (bool: the permit's end overtook a withdrawal, so the
                                    IND decides on the extension instead; the letter speaks of that, not of
                                    a statement), intended_withdrawal_on (ISO date of the notice of intended
                                    withdrawal so overtaken, if one was sent). A notice, no
                                    remedy: the stay stays lawful pending the extension (art. 8 sub g Vw
                                    2000, unverified)
  continued_residence_refused       required: reasons; optional: ground (conviction | three_years |
                                    prosecution | other: what was applied for), duty_to_leave (bool).
                                    Rests on art. 3.51 Vb (unverified), not on art. 3.48 Vb
  eu_exemption_granted              optional: exemption_ground (threat | medical), statement_by (police |
                                    kmar | medical), statement_date (ISO date); from the case's exemption
                                    request (ground, statement_by, statement_date) when the payload lacks them
  eu_exemption_refused              required: reasons; optional: as eu_exemption_granted
  objection_decision                required: outcome (well_founded | partly_well_founded | unfounded |
                                    inadmissible), objected_letter_type (a key of this catalogue),
                                    reasons; optional: objection_received_on, objected_decided_on.
                                    Authority and appeal term follow the objected decision: an Aliens
                                    Act decision (IND) gets 4 weeks, any other 6 weeks.
  objection_acknowledgement         required: objected_letter_type, objection_received_on (ISO date),
                                    decision_due (ISO date, the last day of the decision term);
                                    optional: objection_term_ends, decision_due_committee (ISO dates).
                                    Authority follows the objected decision.
  objection_decision_extended       required: objected_letter_type, decision_due (ISO date, the new last
                                    day); optional: decision_due_before (the last day before the
                                    extension), objection_received_on, reasons. Authority follows the
                                    objected decision (art. 7:10 lid 3 Awb: once, at most six weeks)
  minor_guardian_notice             optional: about (what happened, one sentence; default: the child was
                                    referred and the guardian gets a copy of every letter),
                                    next_steps (list of strings)

Aliases and fallbacks (letters.context.resolve): the fields above may also arrive under the names the
process models use (reflection_ends, basis, withdrawn, retroactive_from, recommendation, subject, ...),
and a field the payload lacks is taken from the case data that the preceding decision task recorded
(e.g. reasons, indicators, threshold of the panel's decision form), per letter type only.

Case data read (from the case, never from the payload): ``person`` {name, date_of_birth, v_number,
address (string or list of lines), language}, or ``person_name`` / ``person_alias``; ``minor`` (bool;
else ``presumed_minor`` / ``age_status`` (doubt counts as minor), else date_of_birth or ``birth_date``
on the decision date); ``lawyer`` {name,
organisation, address} and ``guardian`` {name or body, organisation, address} (or ``guardian_body``):
named as copies. Letters for a minor always name the guardian (the body, or "de voogd") as a copy.
Inbox deliveries to lawyer and guardian are per role; the web layer shows them only to the lawyer or
guardian linked to the case (see engine.letter_reading.letters_for_case, ``linked``).

Legal bases are citations held in letters.citations (text, source, verified flag). The panel's basis is
the variant's policy value ``panel_legal_basis`` (an assumed basis, shown as such in the letter). Negative
Aliens Act decisions state the duty to leave and its term (policy value ``departure_term``) where the
person's residence track leaves no other lawful stay. A copy goes to the IND only where the person's
residence depends on the decision (letters.parties.residence_at_stake).

The legal nature of panel outcomes (advice or appealable decision) is an open policy point (brief
section 6.1 L5 and section 9 item 6). This catalogue treats identification outcomes as decisions open
to objection under the Awb; a variant whose policy value ``panel_outcome`` is "advice" (payload field
``panel_outcome`` or the case's ``policy``) gets advice letters without remedy that say where the
remedy lies instead (``none_panel_advice``).

Minors: a ``best_interests`` payload field (the best-interests assessment's summary, brief section
5.3) is quoted in its own section of the letter; it is read from the case's ``bia_summary`` when the
payload lacks it. identification_first_stage_negative and identification_final_negative also read
``reconsideration_until`` (ISO date) and ``reconsidered`` (bool); residence_granted reads ``extension`` (bool).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from letters.citations import cite, held
from letters.remedies import REMEDIES, Remedy

# Roles whose inboxes receive letters. Investigation roles (police, prosecutor) never receive the
# outcome of an identification: identification is decoupled from the criminal investigation.
INVESTIGATION_ROLES = frozenset({"police", "prosecutor"})
_IND_ACTS = frozenset({"coordinator", "ind", "lawyer", "guardian"})
_PANEL = frozenset({"coordinator", "panel", "lawyer", "guardian"})


@dataclass(frozen=True)
class DecisionType:
    key: str
    title_nl: str
    title_en: str
    authority: str  # key in authorities.toml
    nature: str  # besluit | advice | factual | notice
    legal_basis: tuple[str, ...]
    remedy: str  # key in REMEDIES
    recipients: frozenset[str]
    required: tuple[str, ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()
    addressee: str = "person"  # person | prosecutor | guardian

    @property
    def template(self) -> str:
        return f"types/{self.key}.html.j2"

    @property
    def remedy_rule(self) -> Remedy:
        return REMEDIES[self.remedy]


_B83 = cite("vc_b83")
_REFLECTION = (cite("vw_8k"), cite("vc_b83_1"))
# The offer and the refusal of the reflection period are acts of police/KMar (Vc 2000 B8/3.1), not of the
# IND (issue 9 item 6). Who made it (payload ``offered_by``, else the case fact ``reflection_offered_by``,
# else the policy's default), its legal nature, the basis that makes it open to objection and the remedy
# come from the variant's policy value ``reflection_offer`` (letters.decision_fields.as_configured); the
# default is art. 72 lid 3 Vw 2000, unverified in letters.citations.
REFLECTION_OFFER = frozenset({"reflection_granted", "reflection_refused"})
# Negative decisions under the Aliens Act: objection does not stop removal, so the letter points to a
# provisional measure (Awb art. 8:81), and states the duty to leave and its term where it applies.
PROVISIONAL_MEASURE = frozenset(
    {"reflection_refused", "reflection_ended", "residence_refused", "residence_extension_refused",
     "continued_residence_refused"}
)
_REFLECTION_OFFER_BASIS = (*_REFLECTION, cite("vw_72_3"))
# A notice of intended decision (voornemen) cites the hearing article for what it intends (issue 9 item
# 14): art. 4:8 Awb before a decision the person did not apply for (withdrawal), art. 4:7 Awb before
# refusing what the person applied for; both unverified. The payload field ``intended`` says which.
INTENDED_DECISION_BASIS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "withdrawal": (cite("awb_4_8"), cite("vw_19")),
        "extension": (cite("awb_4_7"), cite("vw_18")),
        "permit": (cite("awb_4_7"), cite("vw_14_16")),
        "continued": (cite("awb_4_7"), cite("vb_351")),
    }
)
# The panel's competence and the legal nature of its outcome are not settled law (brief section 9 item 6).
# No provision cited before gave that power: art. 273f Sr defines the offence, art. 11 of the Directive
# concerns assistance. A letter cites the basis the case's variant assumes (policy value
# panel_legal_basis, held in letters.citations and marked as assumed there); this is the fallback for a
# case without that value.
_PANEL_BASIS = (cite("panel_regeling_assumed"),)
# The IND's exemption (ontheffing) for a Union citizen in the first 5 years of residence to use shelter
# without risking the residence right (brief L14: a beschikking open to objection, marked [K]; the
# exemption itself per Wegwijzer Mensenhandel, brief source S7). The citations below and the 4-week term
# rest on the view that a decision on residence under Union law is taken under the Aliens Act (lawful stay
# art. 8 sub e Vw 2000, so art. 69 Vw 2000 applies): unverified background knowledge, to be checked
# against wetten.overheid.nl before production use.
_EU_EXEMPTION = (cite("vw_8e"), cite("dir_2004_38"), cite("wegwijzer_exemption"))
# A negative residence decision rests on the article for what it decides (issue 9 item 3): refusing a
# permit on the grant articles, not extending it on the extension article (art. 18 Vw), withdrawing it on
# the withdrawal article (art. 19 Vw), refusing continued residence on art. 3.51 Vb; the last three are
# unverified in letters.citations. The payload field ``refusal`` (or ``withdrawal``) says which. Not
# extending and refusing continued residence are decisions of their own (issue 9 item 15):
# residence_extension_refused and continued_residence_refused cite these same bases; residence_refused
# still accepts refusal = extension | continued for letters requested before they existed.
RESIDENCE_REFUSED_BASIS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "permit": (cite("vw_14_16"), cite("vb_348"), _B83),
        "extension": (cite("vw_18"), cite("vb_348"), _B83),
        "withdrawal": (cite("vw_19"), _B83),
        # a witness-reporter's permit is withdrawn on its own ground (art. 3.48 lid 1 sub c Vb, unverified),
        # not on a victim's report withdrawn or a dismissal (issue 9 item 3)
        "withdrawal_witness": (cite("vw_19"), cite("vb_348_c"), _B83),
        "continued": (cite("vw_14_16"), cite("vb_351"), cite("vc_b83_continued")),
    }
)
_ID = frozenset(_PANEL | {"ind"})  # the IND acts on identification outcomes; investigation roles do not


def _t(
    key: str,
    nl: str,
    en: str,
    authority: str,
    nature: str,
    basis: tuple[str, ...],
    remedy: str,
    recipients: frozenset[str],
    **extra: object,
) -> DecisionType:
    return DecisionType(key, nl, en, authority, nature, basis, remedy, recipients, **extra)  # type: ignore[arg-type]


_TYPES = [
    _t(
        "referral_acknowledgement",
        "Bevestiging aanmelding en opvang",
        "Confirmation of referral and shelter",
        "referral_hub",
        "factual",
        (cite("dir_11"),),
        "none_factual",
        frozenset({"coordinator", "lawyer", "guardian"}),
    ),
    _t(
        "reflection_granted",
        "Besluit bedenktijd: toegekend",
        "Decision on reflection period: granted",
        "police",
        "besluit",
        _REFLECTION_OFFER_BASIS,
        "objection_vw",
        _IND_ACTS,
        one_of=(("period_end", "term"),),
    ),
    _t(
        "reflection_refused",
        "Besluit bedenktijd: geweigerd",
        "Decision on reflection period: refused",
        "police",
        "besluit",
        _REFLECTION_OFFER_BASIS,
        "objection_vw",
        _IND_ACTS,
        required=("reasons",),
    ),
    _t(
        # A police/KMar "no indication" for a person outside the B8/3 track (no reflection period to
        # refuse) ends nothing silently: the person learns the assessment and its reasons. A factual act.
        "no_indication_notice",
        "Beoordeling signalen: geen aanwijzing mensenhandel",
        "Assessment of the signals: no indication of trafficking",
        "police",
        "factual",
        (cite("om_aanwijzing"),),
        "none_factual",
        frozenset({"coordinator", "lawyer", "guardian"}),
        required=("reasons",),
    ),
    _t(
        "reflection_ended",
        "Besluit bedenktijd: beëindigd",
        "Decision on reflection period: ended",
        "ind",
        "besluit",
        _REFLECTION,
        "objection_vw",
        _IND_ACTS,
    ),
    _t(
        "identification_first_stage_positive",
        "Besluit eerste fase identificatie: aanwijzingen aanwezig",
        "First-stage identification decision: grounds present",
        "panel",
        "besluit",
        _PANEL_BASIS,
        "objection_awb",
        _ID,
        one_of=(("reasons", "indicators"),),
    ),
    _t(
        "identification_first_stage_negative",
        "Besluit eerste fase identificatie: onvoldoende aanwijzingen",
        "First-stage identification decision: insufficient grounds",
        "panel",
        "besluit",
        _PANEL_BASIS,
        "objection_awb",
        _ID,
        required=("reasons",),
    ),
    _t(
        "identification_final_positive",
        "Besluit identificatie: slachtofferschap aannemelijk",
        "Identification decision: victim status plausible",
        "panel",
        "besluit",
        _PANEL_BASIS,
        "objection_awb",
        _ID,
        one_of=(("reasons", "indicators"),),
    ),
    _t(
        "identification_final_negative",
        "Besluit identificatie: slachtofferschap niet aannemelijk",
        "Identification decision: victim status not plausible",
        "panel",
        "besluit",
        _PANEL_BASIS,
        "objection_awb",
        _ID,
        required=("reasons",),
    ),
    _t(
        "non_punishment_advice",
        "Advies non-punishment",
        "Non-punishment advice",
        "panel",
        "advice",
        (cite("om_aanwijzing"), cite("dir_8_cets_26")),
        "none_advice",
        frozenset({"coordinator", "panel", "prosecutor", "lawyer", "guardian"}),
        required=("advice", "offence"),
        one_of=(("reasons", "indicators"),),
        addressee="prosecutor",
    ),
    _t(
        "residence_granted",
        "Besluit verblijfsvergunning: verleend",
        "Residence permit decision: granted",
        "ind",
        "besluit",
        (cite("vw_14"), cite("vb_348"), _B83),
        "objection_vw",
        _IND_ACTS,
        required=("valid_until",),
    ),
    _t(
        "residence_refused",
        "Besluit verblijfsvergunning: geweigerd",
        "Residence permit decision: refused",
        "ind",
        "besluit",
        RESIDENCE_REFUSED_BASIS["permit"],
        "objection_vw",
        _IND_ACTS,
        required=("reasons",),
    ),
    _t(
        # A decision of its own on the application to extend (issue 9 item 15): the permit ends, on the
        # extension article, not on the grant or withdrawal article.
        "residence_extension_refused",
        "Besluit verlenging verblijfsvergunning: geweigerd",
        "Decision on extending the residence permit: refused",
        "ind",
        "besluit",
        RESIDENCE_REFUSED_BASIS["extension"],
        "objection_vw",
        _IND_ACTS,
        required=("reasons",),
    ),
    _t(
        # Refusal of continued residence on non-temporary humanitarian grounds (art. 3.51 Vb, Vc B8/3.2):
        # its own type, with its own ground, not a variant of the permit refusal (issue 9 item 15).
        "continued_residence_refused",
        "Besluit voortgezet verblijf: geweigerd",
        "Decision on continued residence: refused",
        "ind",
        "besluit",
        RESIDENCE_REFUSED_BASIS["continued"],
        "objection_vw",
        _IND_ACTS,
        required=("reasons",),
    ),
    _t(
        # The permit's end passed while the IND waits for the statement on threats (issue 9 item 16): the
        # person is told that her stay stays lawful while the extension is pending (art. 8 sub g Vw 2000,
        # unverified) and what the IND waits for. Not a decision (no remedy); the decision on the extension
        # follows.
        "residence_extension_pending",
        "Verlenging verblijfsvergunning in behandeling",
        "Extension of your residence permit pending",
        "ind",
        "notice",
        (cite("vw_8g"),),
        "none_factual",
        _IND_ACTS,
        required=("valid_until",),
    ),
    _t(
        "residence_continued",
        "Besluit voortgezet verblijf: verleend",
        "Decision on continued residence: granted",
        "ind",
        "besluit",
        (cite("vw_14"), cite("vb_351"), cite("vc_b83_continued")),
        "objection_vw",
        _IND_ACTS,
    ),
    _t(
        "eu_exemption_granted",
        "Besluit ontheffing opvang burger van de Unie: verleend",
        "Decision on the shelter exemption for a Union citizen: granted",
        "ind",
        "besluit",
        _EU_EXEMPTION,
        "objection_vw",
        _IND_ACTS,
    ),
    _t(
        "eu_exemption_refused",
        "Besluit ontheffing opvang burger van de Unie: geweigerd",
        "Decision on the shelter exemption for a Union citizen: refused",
        "ind",
        "besluit",
        _EU_EXEMPTION,
        "objection_vw",
        _IND_ACTS,
        required=("reasons",),
    ),
    _t(
        # Art. 4:8 (or 4:7) Awb: before withdrawing or refusing, the IND tells the person what it intends
        # and why, and gives a term to respond (policy value intended_decision_response). Not a decision
        # itself, so no remedy; the final decision follows the response or the end of the term.
        "intended_decision",
        "Voornemen",
        "Notice of intended decision",
        "ind",
        "notice",
        INTENDED_DECISION_BASIS["withdrawal"],
        "none_intended",
        _IND_ACTS,
        required=("intended", "reasons", "respond_by"),
    ),
    _t(
        "objection_decision",
        "Beslissing op bezwaar",
        "Decision on objection",
        "panel",
        "besluit",
        (cite("awb_7_11_12"),),
        "appeal_awb",
        frozenset({"coordinator", "panel", "ind", "lawyer", "guardian"}),
        required=("outcome", "objected_letter_type", "reasons"),
    ),
    _t(
        # Art. 6:14 Awb: the receipt of an objection is acknowledged in writing; the letter names the
        # decision term it starts (art. 7:10 lid 1 Awb, counted from the day after the objection term
        # ended; 12 weeks where an advisory committee hears it, art. 7:13). A factual act, no remedy.
        # Its authority follows the objected decision, as for objection_decision.
        "objection_acknowledgement",
        "Ontvangstbevestiging bezwaarschrift",
        "Acknowledgement of receipt of your objection",
        "panel",
        "factual",
        (cite("awb_6_14"), cite("awb_7_10")),
        "none_factual",
        frozenset({"coordinator", "lawyer", "guardian"}),
        required=("objected_letter_type", "objection_received_on", "decision_due"),
    ),
    _t(
        # Art. 7:10 lid 3 Awb: the decision on an objection may be put off once, by at most six weeks,
        # in writing before the term ends; the notice names the new last day. Not a decision of its own
        # (no remedy). Its authority follows the objected decision, as for objection_decision.
        "objection_decision_extended",
        "Verdaging beslissing op bezwaar",
        "Extension of the term for the decision on your objection",
        "panel",
        "notice",
        (cite("awb_7_10_3"),),
        "none_factual",
        frozenset({"coordinator", "lawyer", "guardian"}),
        required=("objected_letter_type", "decision_due"),
    ),
    _t(
        "minor_guardian_notice",
        "Kennisgeving aan de voogd",
        "Notice to the guardian",
        "panel",
        "notice",
        (cite("crc_3"), cite("bw_245_302")),
        "none_notice",
        frozenset({"coordinator", "guardian", "lawyer"}),
        addressee="guardian",
    ),
]

CATALOGUE: Mapping[str, DecisionType] = MappingProxyType({t.key: t for t in _TYPES})
LETTER_TYPES: tuple[str, ...] = tuple(CATALOGUE)


class UnknownLetterType(KeyError):
    def __str__(self) -> str:
        return f"unknown letter_type {self.args[0]!r}; known types: {', '.join(LETTER_TYPES)}"


def decision_type(key: str) -> DecisionType:
    try:
        return CATALOGUE[key]
    except KeyError:
        raise UnknownLetterType(key) from None


def _check_catalogue() -> None:
    """Invariants the rest of the system relies on, checked once at import."""
    for t in _TYPES:
        assert t.remedy in REMEDIES, t.key
        if t.key.startswith("identification_"):
            assert not (t.recipients & INVESTIGATION_ROLES), f"{t.key} must never go to police or prosecutor"
        for text in t.legal_basis:
            assert held(text), f"{t.key}: {text!r} is not in letters.citations"
        if REMEDIES[t.remedy].kind == "none":
            assert REMEDIES[t.remedy].reason_none_nl, t.key  # a letter without remedy says why
    for key, remedy in REMEDIES.items():
        assert held(remedy.source), f"remedy {key}: {remedy.source!r} is not in letters.citations"
    for basis in (*RESIDENCE_REFUSED_BASIS.values(), *INTENDED_DECISION_BASIS.values()):
        assert all(held(text) for text in basis)


_check_catalogue()
