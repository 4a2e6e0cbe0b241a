"""The event log holds identifiers, types and keyed hashes: never the free text or answers of a case
(issue 12, item 5). It is immutable, so what it takes in it keeps past retention."""
from __future__ import annotations

import hashlib
import json

from engine.store.event_log import canonical_json
from tests.processes import steps
from tests.processes.scenario import Scenario
from tests.processes.test_minors import BIA

GUARDIAN = {"body": "Gecertificeerde instelling Jeugdbescherming", "appointed_on": "2026-01-05"}


def _minor_up_to_first_stage(cases, clock) -> Scenario:  # type: ignore[no-untyped-def]
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Jesse K.", birth_date="2010-06-01", residence_status="dutch",
                                         exploitation_form="criminal", suspected_offence=True, signal_source="police"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": True, "emergency_bed": False})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("guardian_appointed", GUARDIAN)
    s.do("best_interests", BIA)
    s.do("compose_panel", {"panel_members": steps.MEMBERS})
    steps.first_stage(s, minor=True)
    return s


def test_thrown_messages_log_the_letter_type_and_no_payload_text(cases, clock) -> None:
    """A letter's payload (a child's best-interests summary, the guardian's body) stays out of the log;
    the log names the message and the letter type."""
    s = _minor_up_to_first_stage(cases, clock)
    assert s.letter_payloads("identification_first_stage_positive")[0]["best_interests"] == BIA["best_interests_summary"]
    log = json.dumps([e["details"] for e in s.events()], ensure_ascii=False).lower()
    assert BIA["best_interests_summary"].lower() not in log
    assert "jeugdbescherming" not in log
    sent = [e["details"] for e in s.events() if e["kind"] == "message_sent"]
    assert sent and all(set(d) <= {"message", "letter_type", "data_hash"} for d in sent)
    assert "identification_first_stage_positive" in s.letters()


def test_data_hashes_are_keyed_so_answers_cannot_be_guessed(cases, clock) -> None:
    """Hashing the candidate answers of the safety check does not find the logged hash."""
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Jesse K.", birth_date="2010-06-01", residence_status="dutch",
                                         exploitation_form="criminal", suspected_offence=True, signal_source="police"))
    answers = {"immediate_danger": True, "safe_location": True, "emergency_bed": False}
    s.do("safety_check", answers)
    logged = {e["details"]["data_hash"] for e in s.events() if e["kind"] == "task_completed"}
    candidates = [cases.forms.validate("coordinator.safety_check",
                                       {"immediate_danger": a, "safe_location": b, "emergency_bed": c})
                  for a in (True, False) for b in (True, False) for c in (True, False)]
    guessed = {hashlib.sha256(canonical_json(c).encode()).hexdigest() for c in candidates}
    assert not logged & guessed


def test_decision_outcomes_stay_out_of_the_log(cases, clock) -> None:
    """A decision's outcome is an answer: the decisions table has it, the event a keyed hash only."""
    s = _minor_up_to_first_stage(cases, clock)
    assert s.decisions() == [("identification_first_stage", "positive")]
    taken = [e["details"] for e in s.events() if e["kind"] == "decision_taken"]
    assert taken and all(set(d) == {"decision", "outcome_hash", "model_version", "variant"} for d in taken)
    outcomes = {d["outcome"] for d in cases.decisions(s.case_id)}
    for event in s.events():
        values = json.dumps(event["details"], ensure_ascii=False)
        assert "outcome" not in {k for k in event["details"] if k != "outcome_hash"}, event["kind"]
        assert not any(f'"{o}"' in values for o in outcomes), (event["kind"], event["details"])
    assert taken[0]["outcome_hash"] != hashlib.sha256(canonical_json("positive").encode()).hexdigest()
