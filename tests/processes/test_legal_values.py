"""Legal values are data: one policy file per variant, every entry with its legal source, read by the
models through `policy[...]` and copied into a case when it starts."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from engine.clock import VirtualClock, using_clock
from engine.deadlines import Rule, Term
from engine.errors import SpecInvalid
from engine.legal_values import load_policy
from engine.script_env import age_on, comes_of_age, due_in, is_minor
from engine.specs import PROCESSES_DIR
from tests.processes import steps
from tests.processes.scenario import Scenario

TERMS = ["placement_decision", "reflection_period", "reflection_period_dublin", "permit_decision",
         "dublin_leads_assessment", "dublin_report_term", "eu_exemption_years", "permit_validity", "continued_residence", "first_stage_decision",
         "information_reply", "recovery_minimum", "reconsideration_term", "objection_term_vw",
         "objection_term_awb", "objection_decision", "objection_decision_committee", "appeal_term_vw",
         "appeal_term_awb", "departure_term"]


@pytest.mark.parametrize("variant", ["default", "nl-current", "nl-decoupled"])
def test_every_value_names_its_legal_source_and_every_term_parses(variant: str) -> None:
    policy = load_policy(variant)
    for key in TERMS:
        entry = policy[key]
        assert entry["source"].strip() and Term.parse(entry["term"]) and Rule(entry["rule"])
    assert policy["reflection_period"]["term"] == "P3M" and policy["reflection_period_dublin"]["term"] == "P30D"
    assert policy["placement_decision"]["term"] == "PT36H" and policy["first_stage_decision"]["rule"] == "working-days"
    assert policy["objection_term_awb"] == {**policy["objection_term_awb"], "term": "P6W", "rule": "statutory"}


def test_the_variants_differ_only_where_the_procedure_differs() -> None:
    current, decoupled = load_policy("nl-current"), load_policy("nl-decoupled")
    differing = {k for k in current if k not in ("version", "description") and current[k] != decoupled[k]}
    assert differing == {"panel_outcome", "panel_legal_basis", "residence_on_identification", "indication_by",
                         "reflection_offer"}
    assert current["indication_by"]["value"] == "police" and decoupled["indication_by"]["value"] == "coordinator"
    # who offers the reflection period: police/KMar, or the body the decoupled variant names (assumed)
    assert current["reflection_offer"]["value"]["by"] == "police"
    assert decoupled["reflection_offer"]["value"]["by"] == "referral_hub" and decoupled["reflection_offer"]["assumed"]
    assert decoupled["residence_on_identification"]["value"] is True and current["residence_on_identification"]["value"] is False


def _root(tmp_path: Path, entry: object) -> Path:
    root = tmp_path / "processes"
    shutil.copytree(PROCESSES_DIR, root, ignore=shutil.ignore_patterns("__pycache__", "tools", "diagrams"))
    policy = json.loads((root / "policy.json").read_text())
    policy["reflection_period"] = entry
    (root / "policy.json").write_text(json.dumps(policy))
    return root


@pytest.mark.parametrize(("entry", "reason"), [
    ({"term": "P3M", "rule": "calendar"}, "needs a 'source'"),
    ({"term": "3 months", "rule": "calendar", "source": "Vc B8/3.1"}, "bad term or rule"),
    ({"term": "P3M", "rule": "lunar", "source": "Vc B8/3.1"}, "bad term or rule"),
    ({"source": "Vc B8/3.1"}, "needs a 'term' or a 'value'"),
])
def test_a_malformed_entry_is_refused_by_name(tmp_path: Path, entry: object, reason: str) -> None:
    with pytest.raises(SpecInvalid) as caught:
        load_policy("nl-current", _root(tmp_path, entry))
    assert caught.value.element_id == "reflection_period" and reason in caught.value.reason


def test_a_case_keeps_the_values_it_started_under(cases, clock, tmp_path: Path) -> None:
    root = _root(tmp_path, {"term": "P2M", "rule": "calendar", "source": "test: shorter period"})
    cases.policy_loader = lambda variant: load_policy(variant, root)
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    (root / "policy.json").write_text((PROCESSES_DIR / "policy.json").read_text())  # the policy changes later
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    assert s.case.data["policy"]["reflection_period"]["term"] == "P2M"
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 3, 5)


def test_due_in_takes_a_policy_entry_with_its_own_counting_rule() -> None:
    with using_clock(VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))):
        working = due_in({"term": "P5D", "rule": "working-days", "source": "x"})
        calendar = due_in({"term": "P5D", "rule": "calendar", "source": "x"})
        hours = due_in({"term": "PT36H", "rule": "calendar", "source": "x"}, since="2026-01-05T08:00:00+00:00")
    assert working.startswith("2026-01-12") and calendar.startswith("2026-01-10")
    assert hours == "2026-01-06T20:00:00+00:00"


def test_age_helpers_follow_the_birthday() -> None:
    assert comes_of_age("2008-02-29") == "2026-03-01T00:00:00+01:00"  # no 29 Feb in 2026
    assert comes_of_age(dt.date(2010, 6, 1), {"value": 18, "source": "art. 1:233 BW"}) == "2028-06-01T00:00:00+02:00"
    assert age_on("2008-06-01", "2026-05-31") == 17 and age_on("2008-06-01", "2026-06-01") == 18
    with using_clock(VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))):
        assert is_minor("2008-01-06") and not is_minor("2008-01-05") and not is_minor(None)


def test_appeal_terms_are_split_by_regime_and_the_letters_use_the_same_values() -> None:
    """Appeal against an Aliens Act decision: 4 weeks (art. 69 lid 1 Vw 2000); against any other decision,
    such as the panel's: 6 weeks (art. 6:7 Awb). One `appeal_term` for both gave the Awb decisions 4 weeks."""
    from letters.remedies import REMEDIES

    policy = load_policy("nl-decoupled")
    assert "appeal_term" not in policy
    assert policy["appeal_term_vw"]["term"] == "P4W" and "art. 69 lid 1 Vw 2000" in policy["appeal_term_vw"]["source"]
    assert policy["appeal_term_awb"]["term"] == "P6W" and "art. 6:7 Awb" in policy["appeal_term_awb"]["source"]
    for remedy, entry in (("appeal_vw", "appeal_term_vw"), ("appeal_awb", "appeal_term_awb"),
                          ("objection_vw", "objection_term_vw"), ("objection_awb", "objection_term_awb")):
        assert REMEDIES[remedy].term == policy[entry]["term"], remedy


def test_objection_decision_terms_name_the_start_of_the_count_and_the_committee() -> None:
    policy = load_policy("nl-decoupled")
    assert policy["objection_decision"]["term"] == "P6W" and "7:10 lid 1" in policy["objection_decision"]["source"]
    assert policy["objection_decision_committee"]["term"] == "P12W"
    assert "7:13" in policy["objection_decision_committee"]["source"]
    for key in ("objection_decision", "objection_decision_committee"):
        assert "bezwaartermijn is verstreken" in policy[key]["source"]


def test_recovery_minimum_is_ninety_days_and_does_not_claim_to_equal_the_reflection_period() -> None:
    """90 days and 3 months differ (from 1 February 2026: 2 May against 1 May), so the description may
    not call the recovery minimum equal to the reflection period."""
    policy = load_policy("nl-decoupled")
    recovery, reflection = policy["recovery_minimum"], policy["reflection_period"]
    assert recovery["term"] == "P90D" and "90 kalenderdagen" in recovery["source"]
    assert "gelijk aan" not in recovery["source"] and "niet altijd gelijk" in recovery["source"]
    assert due_in(recovery, since="2026-02-01")[:10] == "2026-05-02"
    assert due_in(reflection, since="2026-02-01")[:10] == "2026-05-01"
