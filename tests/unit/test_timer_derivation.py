"""How a timer's due moment was derived is recorded from the functions the expression called, and
explained from what was stored alone."""
from __future__ import annotations

import json

from engine.legal_values import load_policy
from engine.timer_derivation import DerivationRecorder, explain

EXPRESSION = ('min(due_in(policy["permit_validity"], since=permit_valid_from), '
              'due_in(policy["continued_residence"], since=permit_start))')


def test_of_two_terms_the_one_that_gave_the_due_moment_is_stored_and_the_other_named() -> None:
    policy = load_policy("nl-decoupled")
    recorder = DerivationRecorder(policy)
    value = min(recorder.due_in(policy["permit_validity"], since="2028-04-08"),
                recorder.due_in(policy["continued_residence"], since="2026-04-06"))
    stored = recorder.derivation(value, EXPRESSION, "TimeDateEventDefinition")
    assert stored["policy"]["name"] == "continued_residence" and stored["deadline"] == "2029-04-06"
    assert stored["alternatives"] == [{"policy": "permit_validity", "term": "P1Y", "due": "2029-04-08T21:59:59+00:00"}]
    assert json.loads(json.dumps(stored)) == stored


def test_an_entry_is_named_even_when_the_case_holds_a_copy_of_the_policy() -> None:
    policy = load_policy("nl-current")
    recorder = DerivationRecorder(json.loads(json.dumps(policy)))
    value = recorder.due_in(policy["objection_term_vw"], since="2026-03-24")
    stored = recorder.derivation(value, "…", "TimeDateEventDefinition")
    assert stored["policy"] == {"name": "objection_term_vw", "source": policy["objection_term_vw"]["source"]}


def test_a_literal_term_has_no_policy_entry() -> None:
    recorder = DerivationRecorder({})
    value = recorder.due_in("P5D", "working-days", since="2026-01-05")
    stored = recorder.derivation(value, 'due_in("P5D", "working-days")', "TimeDateEventDefinition")
    assert stored["policy"] is None and stored["rule"] == "working-days" and stored["deadline"] == "2026-01-12"


def test_the_explanation_reads_only_the_stored_derivation_in_dutch_or_english() -> None:
    policy = load_policy("nl-current")
    recorder = DerivationRecorder(policy)
    value = recorder.due_in(policy["objection_term_awb"], since="2026-03-24")
    stored = recorder.derivation(value, "…", "TimeDateEventDefinition")
    english, dutch = explain(stored, "en"), explain(stored, "nl")
    assert english is not None and dutch is not None
    assert english.startswith("Last day: 2026-05-06") and "Bevrijdingsdag" in english
    assert "Policy value: objection_term_awb" in english and "Source: art. 6:7 Awb" in english
    assert dutch.startswith("Laatste dag: 2026-05-06") and "Beleidswaarde: objection_term_awb" in dutch
    assert "Bron: art. 6:7 Awb" in dutch and "Term starts" not in dutch
    stored["steps"][0]["text_nl"] = "Een stap zoals vastgelegd"
    assert "Een stap zoals vastgelegd" in (explain(stored, "nl") or "")
    assert explain(None, "nl") is None
