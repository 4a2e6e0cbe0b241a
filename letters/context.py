"""The typed context of a letter, built from the case data and the decision payload (never typed by hand).

Templates only format what is built here. The objection deadline is computed by the engine's deadline
code from the sending date and the remedy's term (Awb art. 6:8 start, Algemene termijnenwet extension).
Missing required data raises `MissingField` naming the field, in Dutch and English.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from engine.deadlines import InvalidTerm, Rule, compute_deadline
from engine.errors import ValidationFailed
from letters.catalogue import (
    REMEDIES,
    RESIDENCE_REFUSED_BASIS,
    DecisionType,
    UnknownLetterType,
    decision_type,
)
from letters.citations import Citation, held
from letters.parties import Party, addressee_of, copies_of, person_of
from letters.wording import indicator_of, mapped

AUTHORITIES_FILE = Path(__file__).parent / "data" / "authorities.toml"
LEGAL_TZ = ZoneInfo("Europe/Amsterdam")
# Negative decisions under the Aliens Act: objection does not stop removal, so the letter points to a
# provisional measure (Awb art. 8:81), and states the duty to leave and its term where it applies.
_PROVISIONAL_MEASURE = frozenset({"reflection_refused", "reflection_ended", "residence_refused"})
# Residence tracks whose negative decisions leave the person without lawful stay (not asylum: the stay
# goes on in the asylum procedure).
_DUTY_TO_LEAVE_TRACKS = frozenset({"b83", "b83_dublin", "b83_witness"})


class Fields(dict):  # type: ignore[type-arg]
    """Type-specific values; an optional field the payload left out reads as None in a template."""

    def __missing__(self, key: str) -> None:
        return None


class MissingField(ValidationFailed):
    """Data a letter needs is absent or malformed; `errors` names each field."""

    def __init__(self, field: str, reason_nl: str, reason_en: str) -> None:
        super().__init__({field: [f"{reason_nl} / {reason_en}"]}, f"{field}: {reason_en}")
        self.field = field


@dataclass(frozen=True)
class Authority:
    key: str
    name: str
    on_behalf_of: str
    unit: str
    address: tuple[str, ...]
    objection_to: tuple[str, ...]
    appeal_to: tuple[str, ...]
    signatory: str
    signatory_title: str


@dataclass(frozen=True)
class RemedyClause:
    kind: str  # objection | appeal | none
    term: str | None
    source: str
    last_day: dt.date | None
    send_to: tuple[str, ...]
    reason_none_nl: str
    reason_none_en: str
    provisional_measure: bool
    derivation: tuple[str, ...]  # the deadline's steps, kept in the letter's metadata


@dataclass(frozen=True)
class LetterContext:
    type: DecisionType
    reference: str
    authority: Authority
    decided_on: dt.date
    sent_on: dt.date
    person: Party
    addressee: Party
    copies: tuple[Party, ...]
    minor: bool
    reasons: tuple[str, ...]
    facts: tuple[str, ...]
    indicators: tuple[Any, ...]
    legal_basis: tuple[str, ...]
    remedy: RemedyClause
    fields: Mapping[str, Any]
    english: bool
    signatory: str
    # the bases a variant assumes rather than the law gives (the panel's; shown as such in the letter)
    assumed_basis: tuple[Citation, ...] = ()
    policy_version: str = ""


@lru_cache(maxsize=4)
def load_authorities(path: Path = AUTHORITIES_FILE) -> dict[str, Authority]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        key: Authority(
            key=key,
            name=v["name"],
            on_behalf_of=v.get("on_behalf_of", ""),
            unit=v.get("unit", ""),
            address=tuple(v["address"]),
            objection_to=tuple(v.get("objection_to", ())),
            appeal_to=tuple(v.get("appeal_to", ())),
            signatory=v.get("signatory", ""),
            signatory_title=v.get("signatory_title", ""),
        )
        for key, v in raw.items()
    }


def _present(value: Any) -> bool:
    return value not in (None, "", [], {}, ())


def _date(payload: Mapping[str, Any], field: str, default: dt.date | None = None) -> dt.date | None:
    value = payload.get(field)
    if not _present(value):
        return default
    if isinstance(value, dt.datetime):
        return value.astimezone(LEGAL_TZ).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise MissingField(
            f"payload.{field}", "geen geldige datum (JJJJ-MM-DD)", "not a valid date (YYYY-MM-DD)"
        ) from None


def _texts(value: Any) -> tuple[str, ...]:
    if not _present(value):
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


# Other names under which the process models pass a field (payload first, then these keys).
_ALIASES: dict[str, tuple[str, ...]] = {
    "period_end": ("reflection_ends",),
    "period_start": ("reflection_started_on",),
    "ground": ("basis",),
    "withdrawal": ("withdrawn",),
    "effective_on": ("retroactive_from",),
    "advice": ("recommendation",),
    "objected_letter_type": ("subject",),
    "objection_received_on": ("objection_lodged_on",),
}
# Fields a letter may take from the case data when the payload lacks them: what the decision task that
# precedes the letter has just recorded (e.g. the panel's reasons and indicators). Per letter type, so a
# letter never picks up another decision's reasons.
_FROM_CASE: dict[str, dict[str, str]] = {
    "referral_acknowledgement": {
        "placement": "shelter_type",
        "placement_on": "placement_start",
        "referred_on": "signal_date",
    },
    "reflection_granted": {"period_start": "reflection_started_on", "period_end": "reflection_ends"},
    "reflection_refused": {"reasons": "reasons"},
    "identification_first_stage_positive": {
        "reasons": "reasons",
        "indicators": "indicators",
        "threshold": "threshold",
    },
    "identification_first_stage_negative": {
        "reasons": "reasons",
        "indicators": "indicators",
        "threshold": "threshold",
    },
    "identification_final_positive": {
        "reasons": "reasons",
        "indicators": "indicators",
        "threshold": "threshold",
        "exploitation": "exploitation_form",
    },
    "identification_final_negative": {
        "reasons": "reasons",
        "indicators": "indicators",
        "threshold": "threshold",
    },
    "non_punishment_advice": {
        "reasons": "reasons",
        "advice": "recommendation",
        "offence": "offence",
        "causal_link": "causal_link",
        "exploitation": "exploitation_form",
    },
    "residence_granted": {"valid_from": "permit_valid_from"},
    "residence_refused": {"reasons": "reasons", "effective_on": "retroactive_from"},
    "residence_continued": {"ground": "continued_ground", "reasons": "reasons"},
    # the IND's decision quotes the exemption request: the ground and the police/medical statement
    "eu_exemption_granted": {
        "reasons": "reasons",
        "exemption_ground": "ground",
        "statement_by": "statement_by",
        "statement_date": "statement_date",
    },
    "eu_exemption_refused": {
        "reasons": "reasons",
        "exemption_ground": "ground",
        "statement_by": "statement_by",
        "statement_date": "statement_date",
    },
    "objection_decision": {
        "reasons": "reasons",
        "objection_received_on": "objection_lodged_on",
        "objected_decided_on": "decision_sent_on",
    },
    "minor_guardian_notice": {},
}
# Every letter about a child quotes the best-interests assessment (brief section 5.3).
for _fields_of_type in _FROM_CASE.values():
    _fields_of_type.setdefault("best_interests", "bia_summary")

# Codes of the process models -> codes of this catalogue.
_CODES: dict[str, dict[str, str]] = {
    "outcome": {"upheld": "well_founded", "rejected": "unfounded"},
    "objected_letter_type": {
        "identification": "identification_final_negative",
        "residence": "residence_refused",
        "reflection": "reflection_refused",
        "eu_exemption": "eu_exemption_refused",
    },
    "advice": {"art_9a": "pardon"},
}


def resolve(letter_type: str, payload: Mapping[str, Any], case_data: Mapping[str, Any]) -> dict[str, Any]:
    """The decision's fields: the payload, its aliases, and the case data the decision task recorded."""
    out = dict(payload)
    for name, aliases in _ALIASES.items():
        for alias in aliases:
            if not _present(out.get(name)) and _present(payload.get(alias)):
                out[name] = payload[alias]
    for name, key in _FROM_CASE.get(letter_type, {}).items():
        if not _present(out.get(name)) and _present(case_data.get(key)):
            out[name] = case_data[key]
    for name, codes in _CODES.items():
        if isinstance(out.get(name), str) and out[name] in codes:
            out[name] = codes[out[name]]
    if letter_type == "reflection_ended" and not _present(out.get("ground")):
        out["ground"] = "declined" if _present(case_data.get("declined_statement")) else "expired"
    return out


def _policy(case_data: Mapping[str, Any]) -> Mapping[str, Any]:
    policy = case_data.get("policy")
    return policy if isinstance(policy, Mapping) else {}


def legal_basis_of(kind: DecisionType, fields: Mapping[str, Any], case_data: Mapping[str, Any]) -> tuple[str, ...]:
    """The provisions the letter cites. The panel's decision cites the basis its variant assumes (policy
    value panel_legal_basis), which must be held in letters.citations; a negative residence decision
    cites the articles for what it decides (refusal, non-extension, withdrawal, continued residence)."""
    if kind.key.startswith("identification_"):
        entry = _policy(case_data).get("panel_legal_basis")
        text = entry.get("value") if isinstance(entry, Mapping) else None
        if text is None:
            return kind.legal_basis
        if held(str(text)) is None:
            raise MissingField(
                "policy.panel_legal_basis",
                "deze grondslag staat niet in de catalogus van wettelijke grondslagen (letters.citations)",
                "this basis is not held in the catalogue of legal citations (letters.citations)",
            )
        return (str(text),)
    if kind.key == "residence_refused":
        return RESIDENCE_REFUSED_BASIS[str(fields["refusal"])]
    return kind.legal_basis


def _as_configured(
    kind: DecisionType, payload: Mapping[str, Any], case_data: Mapping[str, Any]
) -> DecisionType:
    """A panel outcome is advice to the IND where the variant's policy says so (brief 6.1 L5)."""
    policy = _policy(case_data)
    setting = policy.get("panel_outcome") if isinstance(policy, Mapping) else None
    outcome = payload.get("panel_outcome") or (
        setting.get("value") if isinstance(setting, Mapping) else setting
    )
    if kind.key.startswith("identification_") and outcome == "advice":
        return dataclasses.replace(kind, nature="advice", remedy="none_panel_advice")
    return kind


def check_payload(kind: DecisionType, payload: Mapping[str, Any]) -> None:
    for field in kind.required:
        if not _present(payload.get(field)):
            raise MissingField(
                f"payload.{field}", f"verplicht voor brief {kind.key}", f"required for letter {kind.key}"
            )
    for group in kind.one_of:
        if not any(_present(payload.get(f)) for f in group):
            raise MissingField(
                f"payload.{group[0]}",
                f"een van {', '.join(group)} is verplicht voor brief {kind.key}",
                f"one of {', '.join(group)} is required for letter {kind.key}",
            )


def build_context(
    reference: str, case_data: Mapping[str, Any], payload: Mapping[str, Any], sent_at: dt.datetime
) -> LetterContext:
    """The letter for this decision of this case, sent at `sent_at` (aware)."""
    try:
        kind = decision_type(str(payload.get("letter_type") or ""))
    except UnknownLetterType as error:
        raise MissingField("payload.letter_type", "onbekend brieftype", str(error)) from None
    payload = resolve(kind.key, payload, case_data)
    kind = _as_configured(kind, payload, case_data)
    check_payload(kind, payload)
    sent_on = sent_at.astimezone(LEGAL_TZ).date()
    decided_on = _date(payload, "decided_on", sent_on)
    assert decided_on is not None
    if decided_on > sent_on:
        raise MissingField("payload.decided_on", "ligt na de verzenddatum", "lies after the date of sending")
    authority_key, remedy_key = _authority_and_remedy(kind, payload)
    authority = load_authorities()[authority_key]
    person = person_of(case_data)
    minor = _is_minor(case_data, decided_on)
    fields = _fields(kind, payload, decided_on, case_data)
    addressee = addressee_of(kind, case_data, person, load_authorities())
    remedy = _remedy(kind, remedy_key, authority, sent_on, payload)
    basis = legal_basis_of(kind, fields, case_data)
    language = str(person.language or "nl").lower()
    return LetterContext(
        type=kind,
        reference=reference,
        authority=authority,
        decided_on=decided_on,
        sent_on=sent_on,
        person=person,
        addressee=addressee,
        copies=copies_of(kind, case_data, minor, addressee, authority),
        minor=minor,
        reasons=_texts(payload.get("reasons")),
        facts=_texts(payload.get("facts")),
        indicators=tuple(
            indicator_of(i)
            for i in (payload.get("indicators") or ())
            if not (isinstance(i, Mapping) and i.get("status") == "not_assessed")
        ),
        legal_basis=basis,
        assumed_basis=tuple(c for c in (held(text) for text in basis) if c is not None and c.assumed),
        policy_version=str(_policy(case_data).get("version") or ""),
        remedy=remedy,
        fields=fields,
        english=payload.get("translation") == "en" or language not in ("nl", "nld", "dutch"),
        signatory=str(payload.get("signatory") or authority.signatory),
    )


def _authority_and_remedy(kind: DecisionType, payload: Mapping[str, Any]) -> tuple[str, str]:
    """An objection decision is taken by the authority of the objected decision, and appeal follows that
    decision's regime: 4 weeks for Aliens Act decisions (Vw 2000 art. 69), else 6 weeks (Awb 6:7)."""
    if kind.key != "objection_decision":
        return kind.authority, kind.remedy
    try:
        objected = decision_type(str(payload["objected_letter_type"]))
    except UnknownLetterType as error:
        raise MissingField("payload.objected_letter_type", "onbekend brieftype", str(error)) from None
    if objected.remedy_rule.kind != "objection":
        raise MissingField(
            "payload.objected_letter_type",
            "tegen dit soort brief staat geen bezwaar open",
            f"{objected.key} is not open to objection",
        )
    return objected.authority, "appeal_vw" if objected.remedy == "objection_vw" else "appeal_awb"


def _is_minor(case_data: Mapping[str, Any], on: dt.date) -> bool:
    """Minor on the decision date. While the age is in doubt the person is presumed to be a minor
    (Directive 2011/36/EU art. 13(2)); an age assessment's outcome (`age_status`) prevails over the
    stated date of birth, and the case fact `age_status` becomes "adult" on the 18th birthday, whatever a
    procedure still holds in its own data (such as an earlier presumption of minority)."""
    if isinstance(case_data.get("minor"), bool):
        return bool(case_data["minor"])
    if case_data.get("age_status") == "adult":
        return False
    if case_data.get("presumed_minor") is True or case_data.get("age_status") in ("minor", "doubt"):
        return True
    person = case_data.get("person") if isinstance(case_data.get("person"), Mapping) else {}
    born = _date(person, "date_of_birth") if person else _date(case_data, "birth_date")
    if born is None:
        return False
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 18


def _remedy(
    kind: DecisionType, remedy_key: str, authority: Authority, sent_on: dt.date, payload: Mapping[str, Any]
) -> RemedyClause:
    rule = REMEDIES[remedy_key]
    if rule.kind == "none" or rule.term is None:
        return RemedyClause(
            "none", None, rule.source, None, (), rule.reason_none_nl, rule.reason_none_en, False, ()
        )
    try:
        deadline = compute_deadline(sent_on, rule.term, Rule.STATUTORY)
    except InvalidTerm as error:  # a broken term in the catalogue is a configuration error
        raise ValueError(f"remedy {remedy_key}: {error}") from error
    assert isinstance(deadline.due, dt.date)
    send_to = authority.objection_to if rule.kind == "objection" else authority.appeal_to
    negative = kind.key in _PROVISIONAL_MEASURE or (
        kind.key == "objection_decision"
        and remedy_key == "appeal_vw"
        and payload.get("outcome") in ("unfounded", "inadmissible")
    )
    return RemedyClause(
        rule.kind,
        rule.term,
        rule.source,
        deadline.due,
        send_to,
        "",
        "",
        negative,
        tuple(s.text for s in deadline.steps),
    )


def _fields(
    kind: DecisionType, payload: Mapping[str, Any], decided_on: dt.date, case_data: Mapping[str, Any]
) -> Fields:
    """Type-specific values, typed and with their fallbacks."""
    f = Fields((k, v) for k, v in payload.items() if k not in ("reasons", "facts", "indicators"))
    for name in (
        "referred_on",
        "placement_on",
        "period_start",
        "period_end",
        "ended_on",
        "final_decision_due",
        "offence_on",
        "valid_from",
        "valid_until",
        "effective_on",
        "objection_received_on",
        "objected_decided_on",
        "reconsideration_until",
        "statement_date",
    ):
        f[name] = _date(payload, name)
    f["referred_on"] = f["referred_on"] or decided_on
    f["valid_from"] = f["valid_from"] or decided_on
    f["ended_on"] = f["ended_on"] or decided_on
    f["effective_on"] = f["effective_on"] or decided_on
    if kind.key == "reflection_granted":
        f["period_start"] = f["period_start"] or decided_on
        if f["period_end"] is None:
            try:  # the period runs for `term` from its first day (e.g. P90D, or P30D for Dublin claimants)
                f["period_end"] = compute_deadline(
                    f["period_start"] - dt.timedelta(days=1), str(payload["term"]), Rule.CALENDAR
                ).due
            except InvalidTerm as error:
                raise MissingField("payload.term", "geen geldige termijn", str(error)) from None
        if f["period_end"] < f["period_start"]:
            raise MissingField("payload.period_end", "ligt voor het begin", "lies before the start")
    if kind.key == "residence_refused":
        refusal = str(payload.get("refusal") or ("withdrawal" if payload.get("withdrawal") else "permit"))
        if refusal not in RESIDENCE_REFUSED_BASIS:
            raise MissingField(
                "payload.refusal",
                f"onbekend; een van {', '.join(RESIDENCE_REFUSED_BASIS)}",
                f"unknown; one of {', '.join(RESIDENCE_REFUSED_BASIS)}",
            )
        f["refusal"] = refusal
        f["withdrawal"] = refusal == "withdrawal"
    if kind.key == "residence_granted" and f["valid_until"] < f["valid_from"]:
        raise MissingField("payload.valid_until", "ligt voor de ingangsdatum", "lies before the start date")
    if kind.key == "objection_decision":
        objected = decision_type(str(payload["objected_letter_type"]))
        f["objected_title_nl"], f["objected_title_en"] = objected.title_nl, objected.title_en
    for name in ("placement", "advice", "outcome", "ground", "exploitation", "threshold", "causal_link",
                 "exemption_ground", "statement_by"):
        f[f"{name}_nl"], f[f"{name}_en"] = mapped(name, payload.get(name), kind.key)
    # a witness-reporter is not a victim (art. 3.48 lid 1 sub c Vb); a permit kept on another ground after a
    # report was withdrawn under threat says so
    f["as_witness"] = str(payload.get("ground") or "") in ("c", "witness")
    f["ground_changed"] = bool(payload.get("ground_changed"))
    if kind.key == "minor_guardian_notice":
        given = str(payload.get("about") or "").strip()
        f["about_nl"] = given or (
            "het kind is aangemeld als mogelijk slachtoffer van mensenhandel. U ontvangt een "
            "afschrift van alle brieven in deze zaak."
        )
        f["about_en"] = given or (
            "the child has been referred as a possible victim of human trafficking. You will "
            "receive a copy of every letter in this case."
        )
    f["departure_term"] = _departure_term(kind, payload, case_data)
    f["best_interests"] = _texts(payload.get("best_interests"))
    f["next_steps"] = _texts(payload.get("next_steps"))
    f["assistance"] = _texts(payload.get("assistance"))
    return f


def _departure_term(kind: DecisionType, payload: Mapping[str, Any], case_data: Mapping[str, Any]) -> str | None:
    """The term to leave the Netherlands (policy value departure_term, art. 61 lid 1 and 62 lid 1 Vw 2000,
    unverified) where a negative Aliens Act decision leaves the person without lawful stay: a
    third-country national in the B8/3 track without other lawful residence. The payload field
    ``duty_to_leave`` (bool) overrides, for a person who holds another permit."""
    if kind.key not in _PROVISIONAL_MEASURE:
        return None
    given = payload.get("duty_to_leave")
    applies = given if isinstance(given, bool) else (
        str(case_data.get("residence_track") or "") in _DUTY_TO_LEAVE_TRACKS
        and case_data.get("residence_status") != "tcn_lawful"
        and case_data.get("union_rights") is not True
    )
    if not applies:
        return None
    entry = _policy(case_data).get("departure_term")
    if not isinstance(entry, Mapping):
        from engine.policy_values import load_policy

        entry = load_policy("default")["departure_term"]
    return str(entry["term"])
