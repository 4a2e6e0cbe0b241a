"""Every code that can reach a page or a letter has words in Dutch and in English (issue 11, item 1)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from marshmallow import fields as mf

from engine.access.rules import MESSAGE_SENDERS, ROLES
from engine.case_facts import FACTS
from engine.simulation.kpis import KPIS
from engine.specs import SpecLibrary
from forms.catalogue import all_forms
from forms.vocabulary import KINDS, kpi_words, schema_fields, words
from letters.catalogue import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]


def _options() -> set[str]:
    registry, codes = all_forms(), set()
    for key in registry.keys():
        for _name, field in schema_fields(registry.schema(key)):
            codes.update(field.metadata.get("enum", []))
            inner = field.inner if isinstance(field, mf.List) else field
            for validator in getattr(inner, "validators", []):
                codes.update(getattr(validator, "choices", []))
    return codes


def _models() -> tuple[set[str], set[str], set[str]]:
    """Process ids, decisions and message names of every model of every variant."""
    library, processes, decisions, messages = SpecLibrary(), set(), set(), set()
    for variant in library.variants:
        models = library.current(variant)
        for process_id in models.process_ids:
            top, subs = models.spec(process_id)
            for spec in [top, *subs.values()]:
                processes.add(spec.name)
                for task in spec.task_specs.values():
                    decision = (getattr(task, "extensions", None) or {}).get("properties", {}).get("decision")
                    if decision:
                        decisions.add(decision)
    for path in [*ROOT.glob("processes/*.bpmn"), *ROOT.glob("processes/variants/*/*.bpmn")]:
        messages.update(re.findall(r'<bpmn:message id="[^"]*" name="([^"]*)"', path.read_text()))
    return processes, decisions, {m for m in messages if not m.startswith("internal.")}


def _event_kinds() -> set[str]:
    """Every kind the engine logs: the literal ones, the pause/resume pair engine/case_sync.py builds, and
    the failure kind engine/timers.py chooses."""
    kinds = set()
    for path in ROOT.glob("engine/**/*.py"):
        kinds.update(re.findall(r'kind="([a-z_]+)"', path.read_text()))
    return kinds | {"timer_paused", "timer_resumed", "timer_failed"}


def _fact_values() -> set[str]:
    """The codes the models' scripts record as a fact's value: `record_fact('route', 'adult')` and
    `record_fact('first_assessment', 'indication' if indication else 'none')`."""
    values = set()
    literal = r"'([a-z_]+)'"
    for path in [*ROOT.glob("processes/*.bpmn"), *ROOT.glob("processes/variants/*/*.bpmn")]:
        text = path.read_text().replace("&#39;", "'")
        values.update(re.findall(rf"record_fact\('[a-z_]+', {literal}\)", text))
        for pair in re.findall(rf"record_fact\('[a-z_]+', {literal} if [^)]* else {literal}\)", text):
            values.update(pair)
    return values


def _policy_terms() -> dict[str, object]:
    """The policy values with a term: a deadline's explanation names the one it was computed from."""
    import json

    values = json.loads((ROOT / "processes" / "policy.json").read_text())
    return {k: v for k, v in values.items() if isinstance(v, dict) and v.get("term")}


def _user_task_titles() -> set[str]:
    """Every user task's title as the models name it: a worklist, the case file and the task's page show it."""
    titles: set[str] = set()
    for path in [*ROOT.glob("processes/*.bpmn"), *ROOT.glob("processes/variants/*/*.bpmn")]:
        titles.update(re.findall(r'<bpmn:userTask id="[^"]*" name="([^"]*)"', path.read_text()))
    return {html.unescape(title) for title in titles}


def _timer_names() -> set[str]:
    """Every timer's name as the models give it: the running deadlines on worklists and the case file."""
    names: set[str] = set()
    event = re.compile(r'<bpmn:(boundaryEvent|intermediateCatchEvent|startEvent)[^>]*name="([^"]*)"[^>]*>(.*?)</bpmn:\1>',
                       re.S)
    for path in [*ROOT.glob("processes/*.bpmn"), *ROOT.glob("processes/variants/*/*.bpmn")]:
        names.update(html.unescape(m.group(2)) for m in event.finditer(path.read_text())
                     if "timerEventDefinition" in m.group(3))
    return names


def _waiting_event_names() -> set[str]:
    """Every message and signal event's name the models give it (timers left out): where a procedure
    stands when it waits for one (the case file's "Staat bij")."""
    names: set[str] = set()
    event = re.compile(r'<bpmn:(intermediateCatchEvent|boundaryEvent|receiveTask|eventBasedGateway)[^>]*name="([^"]*)"'
                       r'[^>]*>(.*?)</bpmn:\1>', re.S)
    for path in [*ROOT.glob("processes/*.bpmn"), *ROOT.glob("processes/variants/*/*.bpmn")]:
        names.update(html.unescape(m.group(2)) for m in event.finditer(path.read_text())
                     if "timerEventDefinition" not in m.group(3))
    return names



def _named_steps() -> set[str]:
    """Every named step a diagram draws (a task of any kind, a procedure called, an event, a gateway) and
    every pool, as the models name it: on an English page the diagram labels each in English."""
    tags = ("participant|task|userTask|scriptTask|serviceTask|businessRuleTask|manualTask|sendTask|receiveTask|callActivity|"
            "subProcess|startEvent|endEvent|intermediateCatchEvent|intermediateThrowEvent|boundaryEvent|"
            "exclusiveGateway|parallelGateway|inclusiveGateway|eventBasedGateway")
    step = re.compile(rf'<bpmn:(?:{tags})\s[^>]*?\bname="([^"]*)"')
    names: set[str] = set()
    for path in [*ROOT.glob("processes/*.bpmn"), *ROOT.glob("processes/variants/*/*.bpmn")]:
        names.update(html.unescape(name) for name in step.findall(path.read_text()))
    return {name for name in names if name.strip()}


def _flow_names() -> set[str]:
    """Every condition the models write on an arrow out of a choice ("ja", "nee: te laat"): the diagram
    shows it."""
    names: set[str] = set()
    for path in [*ROOT.glob("processes/*.bpmn"), *ROOT.glob("processes/variants/*/*.bpmn")]:
        names.update(html.unescape(name) for name in re.findall(r'<bpmn:sequenceFlow\s[^>]*?\bname="([^"]*)"',
                                                                 path.read_text()))
    return {name for name in names if name.strip()}

PROCESSES, DECISIONS, MESSAGES = _models()
CASES = [
    *[("option", code) for code in sorted(_options())],
    *[("decision", code) for code in sorted(DECISIONS)],
    *[("process", code) for code in sorted(PROCESSES)],
    *[("message", code) for code in sorted(MESSAGES | set(MESSAGE_SENDERS))],
    *[("event", code) for code in sorted(_event_kinds())],
    *[("role", code) for code in ROLES],
    *[("status", code) for code in ("running", "completed", "stopped", "paused", "pending")],
    *[("field", fact) for fact in FACTS],
    *[("option", value) for value in sorted(_fact_values())],
    *[("kpi", kpi.key) for kpi in KPIS],
    *[("kpi_family", f"{family}{lane}") for family in ("utilisation_", "per_week_", "queue_peak_", "cost_")
      for lane in ("coordinator", "panel", "ind", "police")],
    *[("kpi_family", f"{family}{kind}") for family in ("refusals_", "admissions_", "nights_", "occupancy_",
                                                         "cost_shelter_") for kind in ("cosm", "omm", "categorical")],
    *[("simulation_status", status) for status in ("queued", "running", "done", "failed")],
    *[("event", f"simulation_{status}") for status in ("done", "failed")],
    *[("policy", key) for key, value in sorted(_policy_terms().items())],
    *[("task_title", title) for title in sorted(_user_task_titles())],
    *[("deadline_title", name) for name in sorted(_timer_names())],
    *[("step_title", name) for name in sorted(_user_task_titles() | _timer_names() | _waiting_event_names()
                                              | _named_steps())],
    *[("flow_title", name) for name in sorted(_flow_names())],
]


@pytest.mark.parametrize("kind,code", CASES, ids=[f"{k}:{c}" for k, c in CASES])
def test_every_code_that_can_reach_a_page_has_dutch_and_english_words(kind: str, code: str) -> None:
    if kind == "kpi_family":
        dutch, english = kpi_words(code, "nl"), kpi_words(code, "en")
    else:
        dutch, english = words(kind, code, "nl"), words(kind, code, "en")
    assert dutch and english, f"no words for the {kind} {code!r}"


def test_every_form_field_has_a_dutch_and_an_english_label() -> None:
    registry = all_forms()
    missing = [
        f"{key}.{name}"
        for key in registry.keys()
        for name, field in schema_fields(registry.schema(key))
        if not (field.metadata.get("label") or {}).get("nl") or not (field.metadata.get("label") or {}).get("en")
    ]
    assert missing == []


def test_every_letter_type_has_a_dutch_and_an_english_title() -> None:
    assert all(t.title_nl and t.title_en for t in CATALOGUE.values())


def test_the_vocabulary_is_found_and_its_words_differ_from_the_codes() -> None:
    """Sanity check on the collectors: the codes named in the issue are among them, and no label is
    just its code again."""
    options = _options()
    assert {"ilo_forced_labour", "not_assessed", "tcn_unlawful"} <= options
    assert {"indication", "reflection_ended", "adult"} <= _fact_values()
    assert "identification_first_stage" in DECISIONS and "report_filed" in MESSAGES
    assert {"task_completed", "fact_recorded", "timer_paused"} <= _event_kinds()
    for table in KINDS.values():
        for code, (dutch, english) in table.items():
            assert "_" not in dutch and "_" not in english, code
