"""The remedy clause of a letter: objection or appeal, to whom, and the last day, computed by the engine's
deadline code from the sending date and the remedy's term (Awb art. 6:8 start, Algemene termijnenwet
extension)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from engine.deadlines import InvalidTerm, Rule, compute_deadline
from letters.authorities import Authority
from letters.catalogue import (
    PROVISIONAL_MEASURE,
    REFLECTION_OFFER,
    DecisionType,
    UnknownLetterType,
    decision_type,
)
from letters.decision_fields import as_configured
from letters.payload import MissingField
from letters.remedies import REMEDIES

__all__ = ["PROVISIONAL_MEASURE", "RemedyClause", "authority_and_remedy", "remedy_clause"]


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


def authority_and_remedy(
    kind: DecisionType, payload: Mapping[str, Any], case_data: Mapping[str, Any] | None = None
) -> tuple[str, str]:
    """An objection decision (and its acknowledgement) is taken by the authority of the objected
    decision, and appeal follows that decision's regime: 4 weeks for Aliens Act decisions (Vw 2000
    art. 69), else 6 weeks (Awb 6:7). The refusal of the reflection period is the decision of the body
    that refused it (police, KMar, or the body the variant names), under the remedy the policy value
    ``reflection_offer`` gives: the objection goes to that body, not to the police by default."""
    if kind.key not in ("objection_decision", "objection_acknowledgement", "objection_decision_extended"):
        return kind.authority, kind.remedy
    try:
        objected = decision_type(str(payload["objected_letter_type"]))
    except UnknownLetterType as error:
        raise MissingField("payload.objected_letter_type", "onbekend brieftype", str(error)) from None
    if objected.key in REFLECTION_OFFER:
        objected = as_configured(objected, {"offered_by": payload.get("offered_by")}, case_data or {})
    if objected.remedy_rule.kind != "objection":
        raise MissingField(
            "payload.objected_letter_type",
            "tegen dit soort brief staat geen bezwaar open",
            f"{objected.key} is not open to objection",
        )
    if kind.key in ("objection_acknowledgement", "objection_decision_extended"):
        return objected.authority, kind.remedy
    return objected.authority, "appeal_vw" if objected.remedy == "objection_vw" else "appeal_awb"


def remedy_clause(
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
    negative = kind.key in PROVISIONAL_MEASURE or (
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
