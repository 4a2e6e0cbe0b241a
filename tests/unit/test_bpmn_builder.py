"""The model builder writes every merge of flows as an explicit joining gateway (bpmnlint's
no-gateway-join-fork and fake-join), keeps the flows' names, conditions and defaults, and draws the join."""
from __future__ import annotations

import pytest
from lxml import etree

from processes.tools.bpmn_builder import Proc

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}


def _loop() -> Proc:
    """Two tasks lead to one question, which may send the case back to the first task."""
    p = Proc("loop", "Lus", "A question reached from two sides that may loop back.")
    p.lane("panel", "The panel.")
    p.start("start", "Start", "panel")
    p.xor("gw_kind", "Soort?", "panel")
    p.user("a", "Taak A", "panel", "panel.a", "First.")
    p.user("b", "Taak B", "panel", "panel.b", "Second.")
    p.xor("gw_again", "Opnieuw?", "panel")
    p.end("end", "Klaar", "panel")
    p.flow("start", "gw_kind")
    p.flow("gw_kind", "a", "a", 'kind == "a"')
    p.flow("gw_kind", "b", "b", default=True)
    p.chain("a", "gw_again")
    p.chain("b", "gw_again")
    p.flow("gw_again", "a", "ja", "again")
    p.flow("gw_again", "end", "nee", default=True)
    return p


def _process(p: Proc) -> etree._Element:
    return etree.fromstring(p.to_xml().encode()).find("bpmn:process", NS)


def _flows(process: etree._Element) -> set[tuple[str, str]]:
    return {(f.get("sourceRef"), f.get("targetRef")) for f in process.iterfind("bpmn:sequenceFlow", NS)}


def test_a_gateway_that_forks_and_joins_is_split_into_a_join_and_a_fork() -> None:
    process = _process(_loop())
    assert {("a", "gw_again_join"), ("b", "gw_again_join"), ("gw_again_join", "gw_again")} <= _flows(process)
    join = process.find("bpmn:exclusiveGateway[@id='gw_again_join']", NS)
    assert len(join.findall("bpmn:incoming", NS)) == 2 and len(join.findall("bpmn:outgoing", NS)) == 1
    fork = process.find("bpmn:exclusiveGateway[@id='gw_again']", NS)
    assert len(fork.findall("bpmn:incoming", NS)) == 1 and len(fork.findall("bpmn:outgoing", NS)) == 2
    assert fork.get("name") == "Opnieuw?" and fork.get("default") == "f_gw_again_end"


def test_a_task_reached_by_several_flows_gets_a_join_that_keeps_their_conditions() -> None:
    process = _process(_loop())
    assert {("gw_kind", "a_join"), ("gw_again", "a_join"), ("a_join", "a")} <= _flows(process)
    back = process.find("bpmn:sequenceFlow[@id='f_gw_again_a_join']", NS)
    assert back.get("name") == "ja" and back.findtext("bpmn:conditionExpression", "", NS) == "again"
    lane = process.find(".//bpmn:lane[@name='panel']", NS)
    assert "a_join" in [ref.text for ref in lane.iterfind("bpmn:flowNodeRef", NS)]


def test_a_joining_gateway_of_the_declaration_stays_as_it_is() -> None:
    p = _loop()
    p.xor("gw_merge", "", "panel")
    p.flows = [f for f in p.flows if f.target != "gw_again"]
    p.chain("a", "gw_merge", "gw_again")
    p.chain("b", "gw_merge")
    process = _process(p)
    assert process.find("bpmn:exclusiveGateway[@id='gw_merge_join']", NS) is None
    assert process.find("bpmn:exclusiveGateway[@id='gw_again_join']", NS) is None


def test_an_event_based_gateway_gets_an_exclusive_join() -> None:
    """An event-based gateway only forks; the reminder loops back to it through the join."""
    p = Proc("wait", "Wachten", "A wait with a reminder.")
    p.lane("panel", "The panel.")
    p.start("start", "Start", "panel")
    p.evgw("wait", "Wachten op antwoord", "panel")
    p.timer("t", "Termijn verstreken", "panel", 'due_in(policy["term"])')
    p.catch("m", "Antwoord ontvangen", "panel", "answer", "answer")
    p.end("end", "Klaar", "panel")
    p.chain("start", "wait", "t", "wait")
    p.chain("wait", "m", "end")
    process = _process(p)
    assert process.find("bpmn:exclusiveGateway[@id='wait_join']", NS) is not None
    assert {("start", "wait_join"), ("t", "wait_join"), ("wait_join", "wait")} <= _flows(process)


def test_a_parallel_gateway_gets_a_parallel_join() -> None:
    p = Proc("par", "Parallel", "Two branches that meet and part again.")
    p.lane("panel", "The panel.")
    p.start("start", "Start", "panel")
    p.par("fork", "", "panel")
    p.par("meet", "", "panel")
    for task in ("x", "y"):
        p.script(task, f"Stap {task}", "panel", "pass")
        p.chain("fork", task, "meet")
        p.end(f"end_{task}", f"Einde {task}", "panel")
        p.flow("meet", f"end_{task}")
    p.flow("start", "fork")
    process = _process(p)
    assert process.find("bpmn:parallelGateway[@id='meet_join']", NS) is not None
    assert {("x", "meet_join"), ("y", "meet_join"), ("meet_join", "meet")} <= _flows(process)


def test_every_join_has_a_shape_in_the_diagram() -> None:
    tree = etree.fromstring(_loop().to_xml().encode())
    shapes = {s.get("bpmnElement") for s in tree.iter(f"{{{NS['bpmndi']}}}BPMNShape")}
    edges = {e.get("bpmnElement") for e in tree.iter(f"{{{NS['bpmndi']}}}BPMNEdge")}
    assert {"a_join", "gw_again_join"} <= shapes
    assert {"f_a_gw_again_join", "f_gw_again_join_gw_again", "f_a_join_a"} <= edges


@pytest.mark.parametrize("unnamed", ["gw_again", "end"])
def test_a_node_bpmnlint_wants_named_without_a_name_fails_the_build(unnamed: str) -> None:
    p = _loop()
    p.nodes[unnamed].name = ""
    with pytest.raises(ValueError, match=f"{unnamed} needs a name"):
        p.to_xml()
