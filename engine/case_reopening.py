"""An objection received after the case closed (issue 9 item 13).

While a decision's objection procedure runs, a late objection is a message into the case; once every
procedure of the case has ended, nothing waits for one. The law still asks for a decision on it: an
objection posted in time (art. 6:9 lid 2 Awb) or excusably late (art. 6:11 Awb) is handled, any other is
declared inadmissible by a decision with its own letter. So the case reopens with the objection procedure
of the decision objected to, started as a new procedure of the same case: the closed workflow is kept
(`closed_workflows`), the new one starts from the case's data and facts as they were when it closed, with
the objection already received, and its lateness is assessed first (the model's "Binnen de termijn
ontvangen?").

Which decisions: the letters of the case that were open to objection (they carry an objection deadline),
of a type that has an objection procedure below.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import ValidationFailed
from engine.store.tables import Case, ClosedWorkflow, Letter


class ObjectionRoute(NamedTuple):
    subject: str  # the models' `objection_subject`; the letters map it back to the objected letter type
    process_id: str  # the objection procedure that decides it, in the lane of the body that decided


# letter type of the objected decision -> its objection procedure (processes/tools/model_protection.py)
OBJECTION_AFTER_CLOSURE: Mapping[str, ObjectionRoute] = {
    "identification_final_negative": ObjectionRoute("identification", "objection"),
    "identification_first_stage_negative": ObjectionRoute("identification_first_stage", "objection"),
    "residence_refused": ObjectionRoute("residence", "objection_residence"),
    "residence_extension_refused": ObjectionRoute("extension", "objection_residence"),
    "continued_residence_refused": ObjectionRoute("continued", "objection_residence"),
    "eu_exemption_refused": ObjectionRoute("eu_exemption", "objection_residence"),
    "reflection_refused": ObjectionRoute("reflection", "objection_reflection"),
}
# What the closed case's objection procedures left in its data: the new one starts without it, so no
# earlier objection's outcome, dates or extension is taken for this one's.
_EARLIER_OBJECTION = ("objection", "outcome", "excusable", "advisory_committee", "term_extended_weeks",
                      "term_extension_reasons", "reasons")


def objectable_letters(session: Session, case_id: int) -> list[Letter]:
    """The case's letters an objection after closure may be lodged against, oldest first: the newest
    version of each decision letter that was open to objection and has an objection procedure."""
    rows = list(session.scalars(select(Letter).where(Letter.case_id == case_id).order_by(Letter.id)))
    superseded = {row.supersedes_id for row in rows if row.supersedes_id is not None}
    return [row for row in rows if row.id not in superseded and row.objection_deadline is not None
            and row.letter_type in OBJECTION_AFTER_CLOSURE]


def objected_letter(session: Session, case_id: int, letter_id: int) -> Letter:
    """The letter named, if an objection after closure may be lodged against it; ValidationFailed if not
    (a letter of another case is as unknown as no letter)."""
    for letter in objectable_letters(session, case_id):
        if letter.id == letter_id:
            return letter
    raise ValidationFailed({"letter_id": ["tegen deze brief staat geen bezwaar open in deze zaak / this letter "
                                          "of the case is not open to objection"]})


def closed_row(case: Case, now: dt.datetime) -> ClosedWorkflow:
    return ClosedWorkflow(case_id=case.id, process_id=case.process_id, model_version=case.model_version,
                          state=case.state, serializer_version=case.serializer_version,
                          completed_at=case.completed_at, reopened_at=now)


def start_data(closed_data: Mapping[str, Any], letter: Letter, objection: Mapping[str, Any]) -> dict[str, Any]:
    """The new procedure's data: the case as it closed (its policy values, reference, identity), without
    what an earlier objection left, and the objection received against `letter`, sent on its sending day
    (the objection term counts from the day after, art. 6:8 Awb)."""
    route = OBJECTION_AFTER_CLOSURE[letter.letter_type]
    data = {key: value for key, value in closed_data.items()
            if not key.startswith("objection_") and key not in _EARLIER_OBJECTION}
    return {**data, "decision_sent_on": letter.sent_on.isoformat(), "objection_subject": route.subject,
            "objection_early": True, "objection": dict(objection), "objected_letter_id": letter.id}
