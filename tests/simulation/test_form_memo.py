"""The simulation asks the real form once for each distinct answer a day (engine.simulation.form_memo): it
gets the form's own verdict every time, refusals included, and no two cases share the cleaned data."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Mapping

import pytest

from engine.clock import VirtualClock, using_clock
from engine.errors import ValidationFailed
from engine.simulation.form_memo import RememberedForms
from forms.registry import MarshmallowForms

FORMS = Path(__file__).resolve().parents[2] / "forms"
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)
GROUNDS = "Het besluit weegt de indicatoren onjuist."


class Counting:
    """The real forms, counting the checks that reach them."""

    def __init__(self, forms: MarshmallowForms) -> None:
        self.forms, self.checks = forms, 0

    def has(self, key: str) -> bool:
        return self.forms.has(key)

    def json_schema(self, key: str) -> dict[str, Any]:
        return self.forms.json_schema(key)

    def validate(self, key: str, data: Mapping[str, Any]) -> dict[str, Any]:
        self.checks += 1
        return self.forms.validate(key, data)


def _on(moment: dt.datetime, memo: RememberedForms, key: str, data: dict[str, Any]) -> dict[str, Any]:
    with using_clock(VirtualClock(moment)):
        return memo.validate(key, data)


def test_the_same_answer_on_the_same_day_is_checked_once_and_cleaned_as_the_form_cleans_it(forms) -> None:  # type: ignore[no-untyped-def]
    counting = Counting(forms)
    memo = RememberedForms(counting)
    data = {"lodged_on": "2026-03-02", "grounds": GROUNDS}
    first = _on(MONDAY, memo, "message.objection_lodged", data)
    again = _on(MONDAY + dt.timedelta(hours=5), memo, "message.objection_lodged", data)
    with using_clock(VirtualClock(MONDAY)):
        assert first == again == forms.validate("message.objection_lodged", data)
    assert counting.checks == 1
    _on(MONDAY + dt.timedelta(days=1), memo, "message.objection_lodged", data)
    assert counting.checks == 2  # a check that reads the clock holds for its own day only


def test_an_answer_without_dates_is_checked_once_for_every_day(forms) -> None:  # type: ignore[no-untyped-def]
    counting = Counting(forms)
    memo = RememberedForms(counting)
    data = {"decision": "no_prosecution", "follows_advice": True}
    for day in range(3):
        assert _on(MONDAY + dt.timedelta(days=day), memo, "message.prosecution_decision", data) == \
            forms.validate("message.prosecution_decision", data)
    assert counting.checks == 1


def test_no_two_answers_share_a_list_or_dict(forms) -> None:  # type: ignore[no-untyped-def]
    memo = RememberedForms(forms)
    data = {"on": "2026-03-02", "articles": ["273f Sr"]}
    first = _on(MONDAY, memo, "message.dismissal", data)
    first["articles"].append("changed by one case")
    second = _on(MONDAY, memo, "message.dismissal", data)
    assert second["articles"] == ["273f Sr"] and second["articles"] is not first["articles"]


def test_a_refusal_is_never_remembered_and_a_day_never_lends_its_verdict_to_another(forms) -> None:  # type: ignore[no-untyped-def]
    counting = Counting(forms)
    memo = RememberedForms(counting)
    short = {"lodged_on": "2026-03-02", "grounds": "kort"}
    for _ in range(2):
        with pytest.raises(ValidationFailed):
            _on(MONDAY, memo, "message.objection_lodged", short)
    assert counting.checks == 2
    today = {"lodged_on": "2026-03-02", "grounds": GROUNDS}
    _on(MONDAY, memo, "message.objection_lodged", today)
    with pytest.raises(ValidationFailed):  # the day before, that day still lay in the future
        _on(MONDAY - dt.timedelta(days=1), memo, "message.objection_lodged", today)


def test_the_forms_read_the_clock_only_for_the_day_in_amsterdam() -> None:
    """The memo keeps a check that read the clock for that day: right only while every form that reads
    the clock reads the day in Amsterdam from it. A form reading it otherwise must fail here."""
    reads = [(path.name, line) for path in sorted(FORMS.rglob("*.py")) for line in path.read_text().splitlines()
             if re.search(r"current_clock\(\)|datetime\.now|date\.today|time\.time", line)
             and not line.lstrip().startswith(("from ", "import ", "#"))]
    assert reads, "no form reads the clock: the memo's day is then never needed"
    for name, line in reads:
        assert "current_clock().now().astimezone(AMSTERDAM).date()" in line, (name, line)
