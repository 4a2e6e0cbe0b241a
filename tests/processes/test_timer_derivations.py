"""The engine knows its deadlines: when it arms a timer it stores how the due moment was derived — the
policy entry and its legal source, the start, the term, the counting rule and every step (English and
Dutch) — with the same due moment as the timer row, and the process the timer belongs to."""
from __future__ import annotations

import datetime as dt
import json

from engine.legal_values import load_policy
from engine.timer_derivation import explain
from engine.views import TimerView
from tests.processes import steps
from tests.processes.scenario import Scenario
from tests.processes.test_final_reconsideration import _confirmed_negative

UTC = dt.timezone.utc


def _timer(s: Scenario, name: str, status: str | None = None) -> TimerView:
    [timer] = [t for t in s.case.timers if t.name == name and (status is None or t.status == status)]
    return timer


def _stored_json(timer: TimerView) -> dict:
    """The derivation survives a JSON round trip unchanged: it is plain data."""
    assert timer.derivation is not None, f"no derivation stored for {timer.name!r}"
    text = json.dumps(timer.derivation)
    assert json.loads(text) == timer.derivation
    return timer.derivation


def test_placement_and_reflection_timers_store_their_policy_entry_start_term_rule_and_source(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)  # the signal arms the 36-hour placement timer; placement cancels it
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    policy = load_policy("nl-current")

    placement = _timer(s, "36 uur verstreken")
    stored = _stored_json(placement)
    assert stored["kind"] == "due_in" and stored["policy"] == {
        "name": "placement_decision", "source": policy["placement_decision"]["source"]}
    assert (stored["term"], stored["rule"]) == ("PT36H", "calendar")
    assert stored["base"] == "2026-01-05T09:00:00+01:00"  # the signal's moment (Amsterdam), not its day
    assert stored["due"] == placement.due_at.isoformat() == "2026-01-06T20:00:00+00:00"
    assert placement.process_id == "shelter_placement"

    reflection = _timer(s, "Bedenktijd verstreken")
    stored = _stored_json(reflection)
    assert stored["policy"] == {"name": "reflection_period", "source": policy["reflection_period"]["source"]}
    assert "B8/3.1" in stored["policy"]["source"]
    assert (stored["base"], stored["term"], stored["rule"]) == ("2026-01-05", "P3M", "calendar")
    assert stored["deadline"] == "2026-04-05" and stored["due"] == reflection.due_at.isoformat()
    assert stored["steps"][0]["text"].startswith("Term starts the day after 2026-01-05")
    assert stored["steps"][0]["text_nl"].startswith("De termijn begint de dag na 2026-01-05")
    assert reflection.process_id == "residence"
    assert "Ana V." not in json.dumps(stored) and "1994-03-12" not in json.dumps(stored)


def test_the_decision_term_on_objection_stores_the_end_of_the_objection_term_as_its_base(cases, clock) -> None:
    s = _confirmed_negative(cases, clock)
    s.advance_to(dt.datetime(2026, 4, 13, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-04-13", "grounds": "Besluit onvoldoende gemotiveerd."})
    s.do("objection_hearing", {"waived": True})
    timer = _timer(s, "Beslistermijn bezwaar verstreken")
    stored = _stored_json(timer)
    assert stored["policy"]["name"] == "objection_decision" and "7:10" in stored["policy"]["source"]
    # Art. 7:10 lid 1 Awb: the decision term counts from the end of the objection term (18 May), not
    # from the day the objection came in (13 April).
    assert (stored["base"], stored["term"], stored["rule"]) == ("2026-05-18", "P6W", "statutory")
    assert stored["deadline"] == "2026-06-29" and stored["due"] == timer.due_at.isoformat()
    assert timer.process_id == "objection"


def test_a_statutory_term_ending_on_whit_monday_stores_the_atw_extension() -> None:
    """The derivation the engine stores is the one engine.deadlines gives: a 6-week statutory term from
    13 April 2026 ends on Whit Monday and runs on to the next day, in both languages."""
    from engine.clock import VirtualClock, using_clock
    from engine.script_env import deadline_of

    with using_clock(VirtualClock(dt.datetime(2026, 4, 13, 9, 0, tzinfo=UTC))):
        deadline = deadline_of({"term": "P6W", "rule": "statutory", "source": "art. 7:10 lid 1 Awb"},
                               since="2026-04-13")
    assert deadline.due == dt.date(2026, 5, 26)
    texts = [step.text for step in deadline.steps]
    assert "2026-05-25 is tweede Pinksterdag (Atw art. 3): term runs on" in texts
    assert any("tweede Pinksterdag" in (step.text_nl or "") and "loopt door" in (step.text_nl or "")
               for step in deadline.steps)


def test_a_birthday_timer_stores_what_is_known_without_the_birth_date(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(birth_date="2008-02-10", unaccompanied=True))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    timer = _timer(s, "18e verjaardag")
    stored = _stored_json(timer)
    assert stored["kind"] == "comes_of_age" and stored["years"] == 18
    assert stored["policy"]["name"] == "age_of_majority" and "1:233 BW" in stored["policy"]["source"]
    assert stored["due"] == timer.due_at.isoformat() == "2026-02-09T23:00:00+00:00"
    assert "2008" not in json.dumps(stored)


def test_a_paused_and_resumed_deadline_keeps_its_derivation_and_names_the_pause(cases, clock) -> None:
    """A missing child pauses the procedures' deadlines; on return each moves on by the time it was paused,
    and the stored derivation says so next to how the original due moment was computed."""
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Minh T.", birth_date="2010-09-15", unaccompanied=True))
    s.do("safety_check", {"immediate_danger": True, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.advance(dt.timedelta(days=2))
    s.message("child_missing", {"missing_since": "2026-01-07", "risk_level": "high"})
    paused = _timer(s, "Bedenktijd verstreken")
    assert paused.status == "paused" and _stored_json(paused)["deadline"] == "2026-04-05"
    s.advance(dt.timedelta(days=14))
    s.message("child_found", {"found_on": "2026-01-21"})
    resumed = _timer(s, "Bedenktijd verstreken")
    stored = _stored_json(resumed)
    assert stored["deadline"] == "2026-04-05" and stored["policy"]["name"] == "reflection_period"
    assert stored["due"] == resumed.due_at.isoformat() == "2026-04-19T21:59:59+00:00"
    [pause] = stored["pauses"]
    assert pause["due_before"] == "2026-04-05T21:59:59+00:00" and pause["due_after"] == stored["due"]
    assert "Termijnen stilgezet van 2026-01-07" in (explain(stored, "nl") or "")
    assert "Schuift evenveel op als het stilstond" in (explain(stored, "nl") or "")
    assert "Deadlines paused from 2026-01-07" in (explain(stored, "en") or "")
