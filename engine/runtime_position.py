"""Where a case stands in each of its processes, as states per BPMN element for engine.diagram."""
from __future__ import annotations

from collections import defaultdict
from typing import Mapping

from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.diagram import NS, render_svg
from engine.specs import ModelSet


def element_states(workflow: BpmnWorkflow) -> dict[str, dict[str, str]]:
    """{process id: {element id: done|active|waiting}} over the top process and every called process."""
    states: dict[str, dict[str, str]] = defaultdict(dict)
    for task in workflow.get_tasks():
        spec = task.task_spec
        element_id = getattr(spec, "bpmn_id", None)
        if not element_id:
            continue
        process_id = task.workflow.spec.name
        if task.state == TaskState.READY:
            states[process_id][element_id] = "active"
        elif task.state == TaskState.WAITING:
            states[process_id][element_id] = "waiting" if getattr(spec, "event_definition", None) else "active"
        elif task.state == TaskState.COMPLETED:
            states[process_id].setdefault(element_id, "done")
    return dict(states)


# (model version, process id) -> the file that holds the process. A model version never changes, and
# parsing every file of the set on each case page cost ~20 ms per process shown (make load).
_FILE_OF_PROCESS: dict[tuple[str, str], bytes | None] = {}


def file_of_process(model_set: ModelSet, process_id: str) -> bytes | None:
    key = (model_set.version, process_id)
    if key not in _FILE_OF_PROCESS:
        _FILE_OF_PROCESS[key] = _find_file(model_set, process_id)
    return _FILE_OF_PROCESS[key]


def _find_file(model_set: ModelSet, process_id: str) -> bytes | None:
    for name, content in model_set.files.items():
        if not name.endswith(".bpmn"):
            continue
        tree = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        if tree.find(f"bpmn:process[@id='{process_id}']", NS) is not None:
            return content
    return None


def case_diagrams(model_set: ModelSet, workflow: BpmnWorkflow,
                  words: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(process id, SVG) for every process the case has entered, the top process first."""
    states = element_states(workflow)
    top = workflow.spec.name
    diagrams = []
    for process_id in [top] + sorted(p for p in states if p != top):
        content = file_of_process(model_set, process_id)
        if content is None:
            continue
        try:
            diagrams.append((process_id, render_svg(content, process_id, states.get(process_id, {}), words=words)))
        except ValueError:
            continue  # a model without diagram interchange: the case file shows its timeline only
    return diagrams
