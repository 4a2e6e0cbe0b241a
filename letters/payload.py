"""The decision's fields as a letter reads them: the payload, the names the process models use for the
same field, and what the decision task has just recorded in the case data. Missing or malformed data
raises `MissingField` naming the field, in Dutch and English."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from engine.errors import ValidationFailed
from letters.catalogue import DecisionType

LEGAL_TZ = ZoneInfo("Europe/Amsterdam")


class Fields(dict):  # type: ignore[type-arg]
    """Type-specific values; an optional field the payload left out reads as None in a template."""

    def __missing__(self, key: str) -> None:
        return None


class MissingField(ValidationFailed):
    """Data a letter needs is absent or malformed; `errors` names each field."""

    def __init__(self, field: str, reason_nl: str, reason_en: str) -> None:
        super().__init__({field: [f"{reason_nl} / {reason_en}"]}, f"{field}: {reason_en}")
        self.field = field


def present(value: Any) -> bool:
    return value not in (None, "", [], {}, ())


def date_of(payload: Mapping[str, Any], field: str, default: dt.date | None = None) -> dt.date | None:
    value = payload.get(field)
    if not present(value):
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


def texts(value: Any) -> tuple[str, ...]:
    if not present(value):
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
    "decision_due": ("objection_decision_due_on",),
    "decision_due_committee": ("objection_decision_due_committee_on",),
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
    "reflection_refused": {"reasons": "reasons", "decided_on": "offered_on"},
    "no_indication_notice": {"reasons": "reasons", "decided_on": "offered_on"},
    "intended_decision": {"reasons": "intended_reasons", "respond_by": "intended_respond_by",
                          "intended": "intended"},
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
    "residence_extension_refused": {"reasons": "reasons"},
    "continued_residence_refused": {"ground": "continued_ground", "reasons": "reasons"},
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
    "objection_acknowledgement": {
        "objection_received_on": "objection_lodged_on",
        "objection_term_ends": "objection_term_ends",
        "decision_due": "objection_decision_due_on",
        "decision_due_committee": "objection_decision_due_committee_on",
    },
    "objection_decision": {
        "reasons": "reasons",
        "objection_received_on": "objection_lodged_on",
        "objected_decided_on": "decision_sent_on",
    },
    "objection_decision_extended": {"objection_received_on": "objection_lodged_on"},
    "residence_extension_pending": {},
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
        "identification_first_stage": "identification_first_stage_negative",
        "residence": "residence_refused",
        "reflection": "reflection_refused",
        "eu_exemption": "eu_exemption_refused",
        "withdrawal": "residence_refused",
        "extension": "residence_extension_refused",
        "continued": "continued_residence_refused",
    },
    "advice": {"art_9a": "pardon"},
}


def resolve(letter_type: str, payload: Mapping[str, Any], case_data: Mapping[str, Any]) -> dict[str, Any]:
    """The decision's fields: the payload, its aliases, and the case data the decision task recorded."""
    out = dict(payload)
    for name, aliases in _ALIASES.items():
        for alias in aliases:
            if not present(out.get(name)) and present(payload.get(alias)):
                out[name] = payload[alias]
    for name, key in _FROM_CASE.get(letter_type, {}).items():
        if not present(out.get(name)) and present(case_data.get(key)):
            out[name] = case_data[key]
    for name, codes in _CODES.items():
        if isinstance(out.get(name), str) and out[name] in codes:
            out[name] = codes[out[name]]
    if letter_type == "reflection_ended" and not present(out.get("ground")):
        out["ground"] = "declined" if present(case_data.get("declined_statement")) else "expired"
    return out


def policy_of(case_data: Mapping[str, Any]) -> Mapping[str, Any]:
    policy = case_data.get("policy")
    return policy if isinstance(policy, Mapping) else {}


def check_payload(kind: DecisionType, payload: Mapping[str, Any]) -> None:
    for field in kind.required:
        if not present(payload.get(field)):
            raise MissingField(
                f"payload.{field}", f"verplicht voor brief {kind.key}", f"required for letter {kind.key}"
            )
    for group in kind.one_of:
        if not any(present(payload.get(f)) for f in group):
            raise MissingField(
                f"payload.{group[0]}",
                f"een van {', '.join(group)} is verplicht voor brief {kind.key}",
                f"one of {', '.join(group)} is required for letter {kind.key}",
            )
