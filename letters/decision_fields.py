"""The type-specific values of a letter (dates with their fallbacks, words for codes, the term to leave),
the provisions it cites, and whether the person is a minor on the decision date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Mapping

from engine.deadlines import InvalidTerm, Rule, compute_deadline
from letters.authorities import load_authorities
from letters.catalogue import (
    INTENDED_DECISION_BASIS,
    PROVISIONAL_MEASURE,
    REFLECTION_OFFER,
    RESIDENCE_REFUSED_BASIS,
    DecisionType,
    decision_type,
)
from letters.citations import held
from letters.payload import Fields, MissingField, date_of, policy_of, texts
from letters.remedies import REMEDIES
from letters.wording import mapped

# Residence tracks whose negative decisions leave the person without lawful stay (not asylum: the stay
# goes on in the asylum procedure).
_DUTY_TO_LEAVE_TRACKS = frozenset({"b83", "b83_dublin", "b83_witness"})


def legal_basis_of(kind: DecisionType, fields: Mapping[str, Any], case_data: Mapping[str, Any]) -> tuple[str, ...]:
    """The provisions the letter cites. The panel's decision cites the basis its variant assumes (policy
    value panel_legal_basis), which must be held in letters.citations; a negative residence decision
    cites the articles for what it decides (refusal, non-extension, withdrawal, continued residence)."""
    if kind.key.startswith("identification_"):
        entry = policy_of(case_data).get("panel_legal_basis")
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
    if kind.key == "intended_decision":
        return INTENDED_DECISION_BASIS[str(fields["intended"])]
    return kind.legal_basis


def as_configured(
    kind: DecisionType, payload: Mapping[str, Any], case_data: Mapping[str, Any]
) -> DecisionType:
    """A panel outcome is advice to the IND where the variant's policy says so (brief 6.1 L5); the offer
    and the refusal of the reflection period are made by the body that made them, with the legal nature,
    basis and remedy of the variant's policy value ``reflection_offer`` (issue 9 item 6)."""
    policy = policy_of(case_data)
    if kind.key in REFLECTION_OFFER or kind.key == "no_indication_notice":
        return _reflection_offer(kind, payload, case_data, policy)
    setting = policy.get("panel_outcome") if isinstance(policy, Mapping) else None
    outcome = payload.get("panel_outcome") or (
        setting.get("value") if isinstance(setting, Mapping) else setting
    )
    if kind.key.startswith("identification_") and outcome == "advice":
        return dataclasses.replace(kind, nature="advice", remedy="none_panel_advice")
    return kind


def _reflection_offer(
    kind: DecisionType, payload: Mapping[str, Any], case_data: Mapping[str, Any], policy: Mapping[str, Any]
) -> DecisionType:
    entry = policy.get("reflection_offer")
    value = entry.get("value") if isinstance(entry, Mapping) else None
    setting: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
    by = str(payload.get("offered_by") or case_data.get("reflection_offered_by") or setting.get("by") or kind.authority)
    if by not in load_authorities():
        raise MissingField(
            "payload.offered_by",
            f"onbekende instantie {by!r}; een van {', '.join(sorted(load_authorities()))}",
            f"unknown body {by!r}; one of {', '.join(sorted(load_authorities()))}",
        )
    if kind.key == "no_indication_notice":
        return dataclasses.replace(kind, authority=by)
    basis = setting.get("basis")
    if basis is not None and held(str(basis)) is None:
        raise MissingField(
            "policy.reflection_offer",
            "deze grondslag staat niet in de catalogus van wettelijke grondslagen (letters.citations)",
            "this basis is not held in the catalogue of legal citations (letters.citations)",
        )
    nature = str(setting.get("nature") or kind.nature)
    if nature not in ("besluit", "advice", "factual", "notice"):
        raise MissingField("policy.reflection_offer", f"onbekende rechtsvorm {nature!r}", f"unknown legal nature {nature!r}")
    remedy = str(setting.get("remedy") or kind.remedy)
    if remedy not in REMEDIES:
        raise MissingField("policy.reflection_offer", f"onbekend rechtsmiddel {remedy!r}", f"unknown remedy {remedy!r}")
    legal_basis = (*kind.legal_basis[:-1], str(basis)) if basis is not None else kind.legal_basis
    return dataclasses.replace(
        kind, authority=by, nature=nature, remedy=remedy, legal_basis=legal_basis
    )


def is_minor(case_data: Mapping[str, Any], on: dt.date) -> bool:
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
    born = date_of(person, "date_of_birth") if person else date_of(case_data, "birth_date")
    if born is None:
        return False
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 18


def decision_fields(
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
        "objection_term_ends",
        "decision_due",
        "decision_due_committee",
        "respond_by",
        "decision_due_before",
        "statement_due",
        "intended_withdrawal_on",
    ):
        f[name] = date_of(payload, name)
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
        f["withdrawal"] = refusal.startswith("withdrawal")
    if kind.key == "intended_decision":
        if str(payload.get("intended")) not in INTENDED_DECISION_BASIS:
            raise MissingField(
                "payload.intended",
                f"onbekend; een van {', '.join(INTENDED_DECISION_BASIS)}",
                f"unknown; one of {', '.join(INTENDED_DECISION_BASIS)}",
            )
        f["intended"] = str(payload["intended"])
        if f["respond_by"] <= decided_on:
            raise MissingField("payload.respond_by", "ligt niet na de datum van het voornemen",
                               "does not lie after the date of the notice")
    if kind.key == "residence_granted" and f["valid_until"] < f["valid_from"]:
        raise MissingField("payload.valid_until", "ligt voor de ingangsdatum", "lies before the start date")
    if kind.key in ("objection_decision", "objection_acknowledgement", "objection_decision_extended"):
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
    f["departure_term"] = departure_term(kind, payload, case_data)
    f["best_interests"] = texts(payload.get("best_interests"))
    f["next_steps"] = texts(payload.get("next_steps"))
    f["assistance"] = texts(payload.get("assistance"))
    return f


def departure_term(kind: DecisionType, payload: Mapping[str, Any], case_data: Mapping[str, Any]) -> str | None:
    """The term to leave the Netherlands (policy value departure_term, art. 61 lid 1 and 62 lid 1 Vw 2000,
    unverified) where a negative Aliens Act decision leaves the person without lawful stay: a
    third-country national in the B8/3 track without other lawful residence. The payload field
    ``duty_to_leave`` (bool) overrides, for a person who holds another permit."""
    if kind.key not in PROVISIONAL_MEASURE:
        return None
    given = payload.get("duty_to_leave")
    applies = given if isinstance(given, bool) else (
        str(case_data.get("residence_track") or "") in _DUTY_TO_LEAVE_TRACKS
        and case_data.get("residence_status") != "tcn_lawful"
        and case_data.get("union_rights") is not True
    )
    if not applies:
        return None
    entry = policy_of(case_data).get("departure_term")
    if not isinstance(entry, Mapping):
        from engine.legal_values import load_policy

        entry = load_policy("default")["departure_term"]
    return str(entry["term"])
