"""The generated models and documentation are current, complete and drawable."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from engine.specs import PROCESSES_DIR
from processes.tools import build_docs, build_models

NS = build_docs.NS
DI = "{http://www.omg.org/spec/BPMN/20100524/DI}"


@pytest.mark.parametrize("path", sorted(build_models.MODELS), ids=lambda p: str(p.relative_to(PROCESSES_DIR)))
def test_committed_model_matches_its_declaration(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == build_models.MODELS[path]().to_xml(), \
        "run python -m processes.tools.build_models"


def test_committed_routing_table_matches_its_declaration() -> None:
    assert (PROCESSES_DIR / "routing.dmn").read_text(encoding="utf-8") == build_models.routing_dmn()


@pytest.mark.parametrize("path", sorted(build_models.MODELS), ids=lambda p: str(p.relative_to(PROCESSES_DIR)))
def test_every_element_has_diagram_interchange(path: Path) -> None:
    """bpmn.io draws only what has a shape or an edge."""
    tree = etree.parse(str(path)).getroot()
    drawn = {e.get("bpmnElement") for e in tree.iter(f"{DI}BPMNShape", f"{DI}BPMNEdge")}
    process = tree.find("bpmn:process", NS)
    elements = {n.get("id") for n in process.iter() if n.get("id") and etree.QName(n).localname not in (
        "process", "laneSet", "conditionExpression") and not etree.QName(n).localname.endswith("EventDefinition")}
    assert elements - drawn == set()


def test_readme_documents_every_task_timer_and_message() -> None:
    readme = (PROCESSES_DIR / "README.md").read_text(encoding="utf-8")
    for path in build_models.MODELS:
        tree = etree.parse(str(path)).getroot()
        for node in tree.iter(f"{{{NS['bpmn']}}}userTask", f"{{{NS['bpmn']}}}boundaryEvent",
                              f"{{{NS['bpmn']}}}intermediateCatchEvent"):
            assert f"`{node.get('id')}`" in readme or node.find("bpmn:messageEventDefinition", NS) is not None, node.get("id")
        for message in tree.iterfind("bpmn:message", NS):
            assert f"`{message.get('name')}`" in readme, message.get("name")
    for diagram in ("referral", "procedure", "identification", "identification-decoupled", "residence", "minors",
                    "non_punishment", "objection"):
        assert f"(diagrams/{diagram}.svg)" in readme
        assert (PROCESSES_DIR / "diagrams" / f"{diagram}.svg").read_text(encoding="utf-8").startswith("<svg")


def test_readme_is_current() -> None:
    sections = [build_docs.INTRO, build_docs.scenarios_section(), build_docs.policy_section(), build_docs.routing_section()]
    policy = build_docs.load_policy("nl-decoupled")
    sections += [build_docs.process_section(rel, variant, policy)[2] for rel, variant in build_docs.MODEL_FILES]
    assert (PROCESSES_DIR / "README.md").read_text(encoding="utf-8") == "\n".join(sections), \
        "run python -m processes.tools.build_docs"
