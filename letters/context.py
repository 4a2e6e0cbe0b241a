"""The typed context of a letter, built from the case data and the decision payload (never typed by hand).

Templates only format what is built here. The objection deadline is computed by the engine's deadline
code from the sending date and the remedy's term (Awb art. 6:8 start, Algemene termijnenwet extension).
Missing required data raises `MissingField` naming the field, in Dutch and English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from letters.authorities import Authority, load_authorities
from letters.catalogue import DecisionType, UnknownLetterType, decision_type
from letters.citations import Citation, held
from letters.decision_fields import as_configured, decision_fields, is_minor, legal_basis_of
from letters.parties import Party, addressee_of, copies_of, person_of
from letters.payload import LEGAL_TZ, MissingField, check_payload, date_of, policy_of, resolve, texts
from letters.remedy_clause import RemedyClause, authority_and_remedy, remedy_clause
from letters.wording import indicator_of


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

    @property
    def default_reason(self) -> str:
        """Which default 'why this letter' a letter without reasons of its own gives: a notice to the
        child's representatives says why they receive it; a notice to the person herself (her permit's
        extension pending, an intended decision) says it tells her where her procedure stands."""
        if self.type.nature == "notice" and self.addressee.role not in ("guardian", "parents"):
            return "notice_person"
        return self.type.nature


def build_context(
    reference: str, case_data: Mapping[str, Any], payload: Mapping[str, Any], sent_at: dt.datetime
) -> LetterContext:
    """The letter for this decision of this case, sent at `sent_at` (aware)."""
    try:
        kind = decision_type(str(payload.get("letter_type") or ""))
    except UnknownLetterType as error:
        raise MissingField("payload.letter_type", "onbekend brieftype", str(error)) from None
    payload = resolve(kind.key, payload, case_data)
    kind = as_configured(kind, payload, case_data)
    check_payload(kind, payload)
    sent_on = sent_at.astimezone(LEGAL_TZ).date()
    decided_on = date_of(payload, "decided_on", sent_on)
    assert decided_on is not None
    if decided_on > sent_on:
        raise MissingField("payload.decided_on", "ligt na de verzenddatum", "lies after the date of sending")
    authority_key, remedy_key = authority_and_remedy(kind, payload, case_data)
    authority = load_authorities()[authority_key]
    person = person_of(case_data)
    minor = is_minor(case_data, decided_on)
    fields = decision_fields(kind, payload, decided_on, case_data)
    addressee = addressee_of(kind, case_data, person, load_authorities(), minor)
    remedy = remedy_clause(kind, remedy_key, authority, sent_on, payload)
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
        reasons=texts(payload.get("reasons")),
        facts=texts(payload.get("facts")),
        indicators=tuple(
            indicator_of(i)
            for i in (payload.get("indicators") or ())
            if not (isinstance(i, Mapping) and i.get("status") == "not_assessed")
        ),
        legal_basis=basis,
        assumed_basis=tuple(c for c in (held(text) for text in basis) if c is not None and c.assumed),
        policy_version=str(policy_of(case_data).get("version") or ""),
        remedy=remedy,
        fields=fields,
        english=payload.get("translation") == "en" or language not in ("nl", "nld", "dutch"),
        signatory=str(payload.get("signatory") or authority.signatory),
    )
