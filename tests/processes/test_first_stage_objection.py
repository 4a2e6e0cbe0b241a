"""Objection against the negative first-stage decision of the panel (issue 9 item 13). Where the variant
treats the panel's outcome as a decision (nl-decoupled: panel_outcome = decision, an assumed basis), the
negative first-stage decision ends identification and the protection it opens, so its letter offers an
objection within 6 weeks (art. 6:7 Awb): the model now takes that objection in, during the reconsideration
window or after it, and the objection letters name the first-stage decision. On SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

from tests.processes import steps
from tests.processes.scenario import Scenario
from tests.processes.test_residence_decisions import issued, issuing  # noqa: F401  (the fixture)

UTC = dt.timezone.utc
FIRST_NEGATIVE = "Besluit eerste fase identificatie: onvoldoende aanwijzingen"


def _first_stage_negative(s: Scenario) -> None:
    steps.intake(s, residence_status="dutch")
    steps.first_stage(s, outcome="negative")


def test_the_first_stage_negative_letter_offers_the_objection_the_model_takes_in(issuing, clock) -> None:  # noqa: F811
    """Decided and sent on Monday 5 January 2026: the letter gives 6 weeks to object, to Monday 16 February.
    An objection on 20 January, while the reconsideration window (to 4 February) still runs, is taken in at
    once: acknowledged with the decision term (6 weeks after 16 February: Monday 30 March 2026), heard and
    upheld, which gives reasonable grounds and opens the rest of identification."""
    s = Scenario(issuing, clock, "nl-decoupled")
    _first_stage_negative(s)
    [(row, text)] = issued(issuing, s.case_id, "identification_first_stage_negative")
    assert row.objection_deadline == dt.date(2026, 2, 16) and "maandag 16 februari 2026" in text
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-01-20", "grounds": "Schuldbinding niet gewogen."})
    assert "reconsideration_requested" not in s.case.waiting_messages, "the objection ends the reconsideration window"
    ack = s.letter_payloads("objection_acknowledgement")[0]
    assert ack["subject"] == "identification_first_stage" and ack["objection_decision_due_on"] == "2026-03-30"
    [(_, ack_text)] = issued(issuing, s.case_id, "objection_acknowledgement")
    assert f'"{FIRST_NEGATIVE}"' in ack_text and "maandag 30 maart 2026" in ack_text
    s.advance_to(dt.datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-02-02", "waived": False, "notes": "Gehoord met advocaat."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "De schuldbinding maakt redelijke gronden aannemelijk."})
    [(decision_row, decision_text)] = issued(issuing, s.case_id, "objection_decision")
    assert f'"{FIRST_NEGATIVE}"' in decision_text and "Wij verklaren uw bezwaar gegrond" in decision_text
    assert decision_row.objection_deadline is None or "beroep" in decision_text
    assert s.letters()[-1] == "identification_first_stage_positive" and "prepare" in s.ready()
    assert s.case.data["first_assessment"] == "positive"
    assert s.decisions() == [("identification_first_stage", "negative"), ("objection", "upheld")]


def test_an_objection_after_the_reconsideration_window_is_still_in_time(issuing, clock) -> None:  # noqa: F811
    """The reconsideration window ends on 4 February; identification does not end before the objection term
    (16 February) and its late window (2 weeks, to 2 March) have passed. An objection on 10 February is
    decided: rejected, with 6 weeks to appeal (art. 6:7 Awb)."""
    s = Scenario(issuing, clock, "nl-decoupled")
    _first_stage_negative(s)
    s.advance_to(dt.datetime(2026, 2, 5, 9, 0, tzinfo=UTC))
    assert "Heroverwegingstermijn verstreken" in s.fired()
    assert "objection_lodged" in s.case.waiting_messages and s.case.status == "running"
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 2, 16)
    s.advance_to(dt.datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-02-10", "grounds": "Schuldbinding niet gewogen."})
    s.do("objection_hearing", {"waived": True})
    s.do("objection_decision", {"outcome": "rejected", "reasons": "Geen nieuwe feiten aangevoerd."})
    [(row, text)] = issued(issuing, s.case_id, "objection_decision")
    assert f'"{FIRST_NEGATIVE}"' in text and "beroep" in text
    assert row.objection_deadline == dt.date(2026, 3, 24)  # sent 10 Feb + 6 weeks (art. 6:7 Awb)
    s.do("appeal_tracking", {"appeal_lodged": False, "court": "Rechtbank Den Haag", "lodged_on": None})
    assert s.case.data["identification_outcome"] == "negative"


def test_without_objection_the_first_stage_negative_becomes_final_after_the_term(issuing, clock) -> None:  # noqa: F811
    s = Scenario(issuing, clock, "nl-decoupled")
    _first_stage_negative(s)
    s.advance_to(dt.datetime(2026, 3, 3, 9, 0, tzinfo=UTC))  # term (16 Feb) and late window (2 Mar) passed
    case = s.case
    assert case.status == "completed" and case.data["identification_outcome"] == "negative"
    assert case.data["objection_status"] == "final"
