"""The IND's inbox, one row per decision taken in a case the IND is linked to: the decision, the
person as far as the IND may see her (engine.access.person: nationality, residence status, age status),
the letters that decision led to, the deadlines drawn in the IND's lane and the IND's own open tasks.

Pure assembly over what the caller read (audited) for it; nothing here reads the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from engine.access.person import person
from engine.deadline_lanes import deadlines_of_lane

IND = "ind"


@dataclass
class InboxRow:
    case_id: int
    reference: str
    at: dt.datetime
    decision: str | None
    outcome: str | None
    person: dict[str, Any] = field(default_factory=dict)
    letters: list[Any] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[Any] = field(default_factory=list)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def letters_of_decisions(decided_at: Sequence[dt.datetime], letters: Iterable[Any]) -> list[list[Any]]:
    """For each decision moment of one case (any order), the letters issued from it until the next
    decision: a decision that throws `issue_letter` gets its letter in the same transaction
    (engine.letter_issuing), so a letter belongs to the last decision taken before it."""
    moments = sorted(_aware(m) for m in decided_at)
    by_moment: dict[dt.datetime, list[Any]] = {m: [] for m in moments}
    for letter in letters:
        issued = _aware(letter.issued_at)
        earlier = [m for m in moments if m <= issued]
        if earlier:
            by_moment[earlier[-1]].append(letter)
    return [by_moment[_aware(m)] for m in decided_at]


def inbox_rows(decisions: Iterable[Mapping[str, Any]], cases: Mapping[int, Any],
               letters: Mapping[int, list[Any]], deadlines: Mapping[int, list[dict[str, Any]]],
               lanes: Mapping[int, dict[tuple[str, str], str]]) -> list[InboxRow]:
    """Decisions (engine.queries.worklists.decision_inbox, newest first) with, per case, the CaseView,
    the IND's letters, the case's running deadlines and its timer lanes."""
    rows = [InboxRow(d["case_id"], d["reference"], d["at"], d["decision"], d["outcome"]) for d in decisions]
    by_case: dict[int, list[InboxRow]] = {}
    for row in rows:
        by_case.setdefault(row.case_id, []).append(row)
    for case_id, case_rows in by_case.items():
        case = cases[case_id]
        paired = letters_of_decisions([r.at for r in case_rows], letters.get(case_id, []))
        own = deadlines_of_lane(deadlines.get(case_id, []), lanes.get(case_id, {}), IND)
        tasks = [t for t in case.tasks if t.lane == IND]
        for row, its_letters in zip(case_rows, paired):
            row.person = person(IND, case.data)
            row.letters = its_letters
            row.deadlines = own
            row.tasks = tasks
    return rows
