"""How a timer's due moment came about, recorded by the engine at the moment it arms the timer.

A model's timer expression calls `due_in(policy["reflection_period"], since=reflection_started_on)` or
`comes_of_age(birth_date, policy["age_of_majority"])`. While the runtime evaluates such an expression
to arm a timer, a `DerivationRecorder` stands in for those functions: it returns what the script
environment's own functions return and keeps what they computed — the start, the term, the counting
rule, every step in English and Dutch (`engine.deadlines`), and the policy entry with its legal source.
The timer row stores the result, so a case file shows how the engine derived a deadline instead of
working it out again from the model.

A derivation is plain JSON. Of the case it holds dates only; the rest is the model's expression and
the policy entry's name and legal source.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping

from engine import script_env
from engine.deadlines import Deadline, due_datetime

VERSION = 1
# the timer kinds SpiffWorkflow knows, for an expression that calls none of the recorded functions
KIND_OF_DEFINITION = {"TimeDateEventDefinition": "date", "DurationTimerEventDefinition": "duration",
                      "CycleTimerEventDefinition": "cycle"}


class DerivationRecorder:
    """The recorded stand-ins for `due_in` and `comes_of_age`, for one evaluation of one timer expression.

    `policy` is the case's policy (the dict the expression reads `policy["..."]` from): an entry handed
    to a function is named by finding it there, so cases started before entries carried names work too."""

    def __init__(self, policy: Any) -> None:
        self._policy: Mapping[str, Any] = policy if isinstance(policy, Mapping) else {}
        self._records: list[dict[str, Any]] = []

    def functions(self) -> dict[str, Callable[..., Any]]:
        return {"due_in": self.due_in, "comes_of_age": self.comes_of_age}

    def due_in(self, term: str | Mapping[str, Any], rule: str = "calendar",
               since: str | dt.date | None = None) -> str:
        deadline = script_env.deadline_of(term, rule, since)
        due = due_datetime(deadline).isoformat()
        self._records.append({"kind": "due_in", "due": due, "policy": self._entry(term), **deadline.to_dict()})
        return due

    def comes_of_age(self, birth_date: str | dt.date, majority: int | Mapping[str, Any] = 18) -> str:
        due = script_env.comes_of_age(birth_date, majority)
        years = script_env.majority_years(majority)
        self._records.append({"kind": "comes_of_age", "due": due, "policy": self._entry(majority), "years": years,
                              "steps": [_step(f"Of age on the birthday the person turns {years}, from 00:00 in "
                                              "Europe/Amsterdam (born on 29 February: 1 March in a common year)",
                                              f"Meerderjarig op de verjaardag waarop de persoon {years} wordt, "
                                              "vanaf 00:00 (Europe/Amsterdam; geboren op 29 februari: 1 maart "
                                              "in een gewoon jaar)")]})
        return due

    def derivation(self, value: Any, expression: str, definition_kind: str) -> dict[str, Any]:
        """What produced `value`, the result of the whole expression: the recorded call that returned it
        (in `min(due_in(a), due_in(b))` the one that won), with the other recorded calls as alternatives.
        An expression that called none of them is stored with its kind and text only."""
        chosen = next((r for r in self._records if r["due"] == value), None)
        if chosen is None:
            return {"version": VERSION, "kind": KIND_OF_DEFINITION.get(definition_kind, "date"),
                    "expression": expression, "policy": None, "steps": []}
        alternatives = [{"policy": (r["policy"] or {}).get("name"), "term": r.get("term"), "due": r["due"]}
                        for r in self._records if r is not chosen]
        return {"version": VERSION, **chosen, "expression": expression, "alternatives": alternatives}

    def _entry(self, value: Any) -> dict[str, Any] | None:
        """The policy entry `value` is, by name and legal source; None for a literal term or number."""
        if not isinstance(value, Mapping):
            return None
        name = value.get("name") or next((k for k, v in self._policy.items() if v is value), None)
        name = name or next((k for k, v in self._policy.items() if v == value), None)
        return {"name": name, "source": value.get("source")}


def _step(text: str, text_nl: str) -> dict[str, Any]:
    return {"day": None, "text": text, "text_nl": text_nl}


_LABELS = {
    "en": {"head": "Deadline", "policy": "Policy value", "source": "Source", "also": "Also computed",
           "expression": "Computed by the model's expression",
           "paused": "Deadlines paused from {from} to {to}: {due_before} → {due_after}"},
    "nl": {"head": "Uiterste moment", "policy": "Beleidswaarde", "source": "Bron", "also": "Ook berekend",
           "expression": "Berekend met de uitdrukking in het model",
           "paused": "Termijnen stilgezet van {from} tot {to}: {due_before} → {due_after}"},
}


def explain(derivation: Mapping[str, Any] | None, lang: str = "en") -> str | None:
    """The stored derivation as lines of text in `lang` (Dutch or English): the due moment, each step,
    the policy entry and its legal source, and the pauses that moved it. None when nothing was stored."""
    if not derivation:
        return None
    labels = _LABELS["nl" if lang == "nl" else "en"]
    if derivation.get("kind") == "due_in":
        lines = [Deadline.from_dict(dict(derivation)).explain(lang)]
    else:
        lines = [f"{labels['head']}: {derivation.get('due')}"]
        lines += [f"  - {(s.get('text_nl') if lang == 'nl' else '') or s['text']}"
                  for s in derivation.get("steps") or []]
        if derivation.get("kind") != "comes_of_age":
            lines.append(f"  - {labels['expression']}: {derivation.get('expression')}")
    policy = derivation.get("policy") or {}
    if policy.get("name"):
        lines.append(f"  - {labels['policy']}: {policy['name']}")
    if policy.get("source"):
        lines.append(f"  - {labels['source']}: {policy['source']}")
    for other in derivation.get("alternatives") or []:
        lines.append(f"  - {labels['also']}: {other.get('policy') or other.get('term')} → {other.get('due')}")
    for pause in derivation.get("pauses") or []:
        how = pause.get("how_nl") if lang == "nl" else pause.get("how")
        lines.append("  - " + labels["paused"].format_map(pause) + (f" ({how})" if how else ""))
    return "\n".join(lines)
