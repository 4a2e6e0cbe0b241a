"""The case facts: what every procedure of one person may read, written only by the tasks named here.

A person's procedures (placement, reflection and residence, identification, non-punishment, the minors'
route, objections) run side by side as branches of one workflow. SpiffWorkflow gives each branch its own
copy of the task data at the fork, and at a join the last branch to arrive wins every key it carries
(reproduced in the project's reference notes), so task data cannot carry a fact from one procedure to
another. Facts therefore live once, in the workflow's own data, and are read through `fact(name)`.

Each fact names the model tasks that may write it (`writers`): `erkend processes check` refuses a model
whose script records a fact from any other task. Every write bumps the fact's version and is logged as
`fact_recorded` with the fact's name, its version and the writing task, never its value: the value is
case content and stays in the case.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, MutableMapping

STORE_KEY = "case_facts"
CHANGES_KEY = "case_facts_changes"  # drained into the event log when the case is saved
WAKE_KEY = "case_facts_wake"  # drained by the runtime to wake procedures waiting for a fact


@dataclass(frozen=True)
class FactSpec:
    name: str
    label_nl: str
    label_en: str
    writers: frozenset[str]


def _fact(name: str, nl: str, en: str, *writers: str) -> FactSpec:
    return FactSpec(name, nl, en, frozenset(writers))


# Writers are BPMN element ids (script tasks) of the models in processes/.
FACTS: dict[str, FactSpec] = {f.name: f for f in (
    _fact("signal_at", "Moment van het signaal", "Moment of the signal", "assess_age"),
    _fact("birth_date", "Geboortedatum", "Date of birth", "assess_age", "judged_adult"),
    _fact("age_status", "Leeftijdsstatus", "Age status", "assess_age", "judged_adult", "minor_confirmed",
          "to_adult_route"),
    _fact("route", "Route", "Route", "record_route", "judged_adult", "to_adult_route"),
    _fact("residence_status", "Verblijfsstatus", "Residence status", "assess_age", "asylum_record"),
    _fact("residence_track", "Verblijfsspoor", "Residence track", "record_route", "asylum_record",
          "eu_status_record"),
    _fact("union_rights", "Verblijfsrecht uit Unierecht", "Residence right under Union law", "eu_status_record"),
    _fact("suspect", "Verdacht van een strafbaar feit", "Suspected of an offence", "assess_age"),
    _fact("consent_given", "Toestemming voor verwijzing", "Consent to referral", "record_route"),
    _fact("indication", "Aanwijzing mensenhandel", "Indication of trafficking", "record_route", "idc_record",
          "po_record"),
    _fact("indication_on", "Datum aanwijzing", "Date of the indication", "record_route", "idc_record", "po_record"),
    _fact("reflection_offered_by", "Bedenktijd aangeboden door", "Reflection period offered by", "record_route",
          "idc_record", "po_record"),
    _fact("first_assessment", "Eerste beoordeling", "First assessment", "idc_record", "po_record",
          "first_stage_record", "reconsideration_record"),
    _fact("identification_outcome", "Uitkomst identificatie", "Identification outcome", "idc_record", "po_record",
          "first_negative_record", "positive_record", "negative_record", "objection_positive",
          "ind_granted_record", "ind_refused_record"),
    _fact("identification_done", "Identificatie afgerond", "Identification completed", "identification_closed"),
    _fact("guardian", "Voogd", "Guardian", "guardian_record", "to_adult_route"),
    _fact("bia_summary", "Belang van het kind", "Best interests of the child", "bia_record"),
    _fact("placement_status", "Opvangplaatsing", "Shelter placement", "placement_record", "placement_final_record"),
    _fact("reported", "Aangifte gedaan", "Report filed", "report_record", "withdrawal_record"),
    _fact("report_withdrawn_under_threat", "Aangifte ingetrokken onder dreiging", "Report withdrawn under threat",
          "withdrawal_record"),
    _fact("asylum_applied_on", "Datum asielaanvraag", "Date of the asylum application", "assess_age",
          "asylum_record"),
    _fact("missing", "Vermist", "Missing", "missing_record", "found_record"),
    _fact("residence_outcome", "Uitkomst verblijf", "Residence outcome", "reflection_ended", "permit_record",
          "refused_record", "withdrawn_record", "reinstated", "continued_record", "continued_refused_record",
          "ind_granted_record", "asylum_end"),
    _fact("permit_on_advice", "Vergunning op advies van het panel", "Permit on the panel's advice", "ind_granted_record"),
    _fact("criminal_case", "Stand strafzaak", "State of the criminal case", "criminal_case_record"),
)}


class UnknownFact(Exception):
    """A model reads or writes a fact that is not in the catalogue."""


def store_of(data: MutableMapping[str, Any]) -> dict[str, dict[str, Any]]:
    store: dict[str, dict[str, Any]] = data.setdefault(STORE_KEY, {})
    return store


def values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every recorded fact's current value."""
    return {name: entry["value"] for name, entry in (data.get(STORE_KEY) or {}).items()}


def read(data: Mapping[str, Any], name: str) -> Any:
    if name not in FACTS:
        raise UnknownFact(f"no case fact named {name!r}")
    entry = (data.get(STORE_KEY) or {}).get(name)
    return entry["value"] if entry else None


def record(data: MutableMapping[str, Any], name: str, value: Any, writer: str, at: dt.datetime) -> bool:
    """Write a fact on behalf of the task `writer`. Returns whether the value changed; an unchanged
    value is not a new version."""
    spec = FACTS.get(name)
    if spec is None:
        raise UnknownFact(f"no case fact named {name!r}")
    if writer not in spec.writers:
        raise PermissionError(f"task {writer!r} may not write case fact {name!r}")
    store = store_of(data)
    entry = store.get(name)
    if entry is not None and entry["value"] == value:
        return False
    version = (entry["version"] + 1) if entry else 1
    store[name] = {"value": value, "version": version, "by": writer, "at": at.isoformat()}
    data.setdefault(CHANGES_KEY, []).append({"fact": name, "version": version, "by": writer, "at": at.isoformat()})
    data.setdefault(WAKE_KEY, []).append(name)
    return True


def drain_changes(data: MutableMapping[str, Any]) -> list[dict[str, Any]]:
    """The fact changes since the case was last saved, for the event log."""
    return list(data.pop(CHANGES_KEY, None) or [])


def drain_wakes(data: MutableMapping[str, Any]) -> list[str]:
    """The names of facts changed since the procedures were last woken, each once, in order."""
    return list(dict.fromkeys(data.pop(WAKE_KEY, None) or []))


def writers_of(names: Iterable[str]) -> dict[str, frozenset[str]]:
    return {name: FACTS[name].writers for name in names if name in FACTS}
