"""The legal values of a variant (terms, thresholds, variant switches), each with its legal source.

Values live in versioned JSON files, not in the models: processes/policy.json holds the shared values
and processes/variants/<variant>/policy.json replaces entries by name. The case engine keeps the merged
dict with a new case (`cases.legal_values`), so a case keeps the values it started under; the script
environment of the case hands them to the models' expressions, which read them as
`policy["reflection_period"]` (a term entry: term, rule, source) or `policy["panel_outcome"]["value"]`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.deadlines import Rule, Term
from engine.errors import SpecInvalid
from engine.specs import PROCESSES_DIR

POLICY_FILE = "policy.json"
META_KEYS = ("version", "description")


def load_policy(variant: str, root: Path = PROCESSES_DIR) -> dict[str, Any]:
    """Shared values overlaid with the variant's own; raises SpecInvalid naming a malformed entry."""
    merged = _read(root / POLICY_FILE)
    variant_file = root / "variants" / variant / POLICY_FILE
    if variant_file.is_file():
        merged.update(_read(variant_file))
    for name, entry in merged.items():
        if name not in META_KEYS:
            _check_entry(name, entry)
    return merged


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SpecInvalid(path.name, f"line {exc.lineno}", f"not valid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise SpecInvalid(path.name, "-", "a policy file is an object of named entries")
    return data


def _check_entry(name: str, entry: Any) -> None:
    """Every entry names its legal source; a term entry must parse and name a counting rule we know."""
    if not isinstance(entry, dict) or not str(entry.get("source", "")).strip():
        raise SpecInvalid(POLICY_FILE, name, "policy entry needs a 'source' naming its legal basis")
    if "term" in entry:
        try:
            Term.parse(str(entry["term"]))
            Rule(entry.get("rule", "calendar"))
        except ValueError as exc:
            raise SpecInvalid(POLICY_FILE, name, f"bad term or rule: {exc}") from exc
    elif "value" not in entry:
        raise SpecInvalid(POLICY_FILE, name, "policy entry needs a 'term' or a 'value'")


def runs_cases(variant: str, root: Path = PROCESSES_DIR) -> bool:
    """Whether real cases may start in the variant. A variant built only for the policy simulation (the
    UK-like ones: lanes without an access role, no Dutch residence routes) says `simulation_only`; a case
    started there would wait for tasks nobody may take."""
    entry = load_policy(variant, root).get("simulation_only", {})
    return not (isinstance(entry, dict) and entry.get("value") is True)
