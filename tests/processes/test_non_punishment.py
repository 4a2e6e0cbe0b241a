"""Scenario of the non-punishment assessment in the current procedure: the public prosecutor assesses it
himself at the prosecution decision (Aanwijzing mensenhandel), in the prosecutor's lane, without advice and
without a letter of this procedure; the decoupled procedure's panel advice is the contrast (test_minors)."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import ValidationFailed
from engine.specs import SpecLibrary
from tests.processes import steps
from tests.processes.scenario import Scenario
from tests.processes.test_minors import BIA, NON_PUNISHMENT


def _np_lane(variant: str) -> str:
    from lxml import etree

    from processes.tools.build_docs import NS

    tree = etree.fromstring(SpecLibrary().current(variant).files["non_punishment.bpmn"])
    return tree.find(".//bpmn:lane[bpmn:flowNodeRef='np_assessment']", NS).get("name")


def test_the_assessment_sits_with_the_prosecutor_when_current_and_with_the_panel_when_decoupled() -> None:
    assert _np_lane("nl-current") == "prosecutor" and _np_lane("default") == "prosecutor"
    assert _np_lane("nl-decoupled") == "panel"


def test_current_procedure_dutch_minor_suspected_of_drug_running_assessed_by_prosecutor(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Jesse K.", birth_date="2010-06-01", residence_status="dutch",
                                         exploitation_form="criminal", suspected_offence=True, signal_source="police"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": True, "emergency_bed": False})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("guardian_appointed", {"body": "Gecertificeerde instelling Jeugdbescherming", "appointed_on": "2026-01-05"})
    s.do("best_interests", BIA)
    assert [(t.name, t.lane) for t in s.case.tasks] == [("police_assessment", "police")], \
        "the prosecutor assesses non-punishment only after the police's indication"
    s.advance_to(dt.datetime(2026, 1, 9, 9, 0, tzinfo=dt.timezone.utc))
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-09"})
    assert [(t.name, t.lane, t.form_key) for t in s.case.tasks] == [
        ("np_assessment", "prosecutor", "prosecutor.non_punishment")]
    with pytest.raises(ValidationFailed) as caught:  # the prosecutor records a prosecution decision
        s.do("np_assessment", NON_PUNISHMENT)
    assert list(caught.value.errors) == ["prosecution_outcome"]
    s.do("np_assessment", {**NON_PUNISHMENT, "prosecution_outcome": "sepot"})
    case = s.case
    assert case.data["np_assessed_by"] == "prosecutor" and case.data["prosecution_decision"]["decision"] == "sepot"
    assert "prosecution_decision" not in case.waiting_messages, "no advice, so no answer to wait for"

    case = s.case
    assert case.status == "completed"  # a Dutch national: no residence track
    assert s.route() == ["register_signal", "safety_check", "placement", "best_interests", "police_assessment",
                         "np_assessment"]
    assert s.decisions() == [("reflection_offer", "indication")], \
        "the prosecutor takes no decision of this procedure; the police's assessment is their own decision"
    assert s.letters() == ["referral_acknowledgement", "minor_guardian_notice"]
    assert s.timer_due("18e verjaardag") == dt.date(2028, 6, 1)
