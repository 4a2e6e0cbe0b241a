"""Scenarios of the variant setting panel_outcome = advice: the panel's final outcome is advice to the IND
(no remedy against it), and for a third-country national the IND decides on residence on the ground of that
advice, a decision under the Aliens Act with its 4-week objection term (art. 69 Vw 2000) handled by the IND."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import ValidationFailed
from engine.legal_values import load_policy
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc


def _advice(cases) -> None:  # type: ignore[no-untyped-def]
    cases.policy_loader = lambda variant: {**load_policy(variant), "panel_outcome": {
        "value": "advice", "source": "Variantkeuze: panel adviseert de IND (deskundigenbericht, pilot 2018)"}}


def _final(cases, clock, outcome: str, **over: str) -> Scenario:  # type: ignore[no-untyped-def]
    _advice(cases)
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s, **over)
    steps.first_stage(s)
    steps.prepare(s)
    s.advance_to(dt.datetime(2026, 4, 6, 8, 0, tzinfo=UTC))
    steps.final(s, outcome)
    return s


def test_positive_advice_the_ind_grants_residence_and_the_permit_runs(cases, clock) -> None:
    s = _final(cases, clock, "positive")
    assert [(t.name, t.lane) for t in s.case.tasks] == [("ind_on_advice", "ind")]
    s.do("ind_on_advice", {"outcome": "granted", "follows_advice": True, "reasons": "Advies panel overgenomen."})
    assert s.case.data["residence_outcome"] == "permit" and s.case.data["residence_basis"] == "identification"
    assert s.letter_payloads("residence_granted")[0]["valid_until"].startswith("2027-04-06")  # 1 year
    assert s.timer_due("Vergunning verloopt of 3 jaar bereikt") == dt.date(2027, 4, 6)
    assert s.ready() == [], "the residence track takes over the running permit, no second permit decision"
    s.advance_to(dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC))  # the trial ends in a conviction
    s.message("conviction", {"on": "2026-11-02", "articles": ["273f Sr"]})
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "conviction", "reasons": "Dader veroordeeld."})
    assert s.case.status == "completed"
    assert s.decisions() == [("identification_first_stage", "positive"), ("identification_final", "positive"),
                             ("residence_on_advice", "granted"), ("continued_residence", "granted")]
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "identification_first_stage_positive",
                           "identification_final_positive", "residence_granted", "residence_continued"]
    assert "permit_decision" not in s.route()


def test_negative_advice_the_ind_refusal_has_the_aliens_act_term_and_an_ind_objection(cases, clock) -> None:
    s = _final(cases, clock, "negative")
    s.do("second_review", {"outcome": "confirmed", "reasons": "Geen aanwijzingen voor dwang.",
                           "reviewed_by": ["Arbeid Visser", "Medisch Jansen"]})
    assert s.letter_payloads("identification_final_negative")[0]["panel_outcome"] == "advice"
    assert "reconsideration_requested" not in s.case.waiting_messages, "advice: no panel remedy"
    s.do("ind_on_advice", {"outcome": "refused", "follows_advice": True, "reasons": "Advies panel gevolgd."})
    assert s.ready() == ["intended_advice_view"], "first a notice of the intended refusal (art. 4:7 Awb)"
    [notice] = s.letter_payloads("intended_decision")
    assert notice["intended"] == "permit" and notice["respond_by"] == "2026-05-04"
    steps.view(s, "intended_advice_view")
    s.do("ind_on_advice", {"outcome": "refused", "follows_advice": True, "reasons": "Zienswijze gewogen; advies gevolgd."})
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 5, 4)  # 4 weeks (art. 69 Vw), not 6 (Awb)
    s.advance_to(dt.datetime(2026, 4, 30, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-04-30", "grounds": "Verklaring hulpverlener niet gewogen."})
    assert [(t.name, t.lane) for t in s.case.tasks] == [("objection_hearing", "ind")]
    s.advance_to(dt.datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-05-20", "waived": False, "notes": "Gehoord met advocaat."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Verklaring hulpverlener maakt dwang aannemelijk."})
    depart = {"outcome": "granted", "follows_advice": False, "reasons": "Na bezwaar opnieuw beslist."}
    with pytest.raises(ValidationFailed) as refused:  # departing from the advice needs reasons
        s.do("ind_on_advice", depart)
    assert list(refused.value.errors) == ["departure_reasons"]
    s.do("ind_on_advice", {**depart, "departure_reasons": "Nieuwe verklaring weegt zwaarder dan het advies."})
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-09-01"})  # the permit rests on identification: it runs on
    assert s.case.status == "running" and s.case.data["residence_outcome"] == "permit"
    assert s.decisions() == [("identification_first_stage", "positive"), ("identification_final", "negative"),
                             ("identification_second_review", "confirmed"), ("residence_on_advice", "refused"),
                             ("residence_on_advice", "refused"), ("objection", "upheld"),
                             ("residence_on_advice", "granted")], "upheld: decided again without a second notice"
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "identification_first_stage_positive",
                           "identification_final_negative", "intended_decision", "residence_refused",
                           "objection_acknowledgement",
                           "objection_decision", "residence_granted"]


def test_negative_advice_for_a_dutch_national_ends_without_an_ind_decision(cases, clock) -> None:
    s = _final(cases, clock, "negative", residence_status="dutch")
    s.do("second_review", {"outcome": "confirmed", "reasons": "Geen aanwijzingen voor dwang.",
                           "reviewed_by": ["Arbeid Visser", "Medisch Jansen"]})
    assert s.case.status == "completed" and s.case.data["identification_outcome"] == "negative"
    assert s.letters()[-1] == "identification_final_negative"
    assert "ind_on_advice" not in s.route() and "objection_hearing" not in s.route()
