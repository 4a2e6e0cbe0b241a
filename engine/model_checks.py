"""erkend's own model rules, on top of the BPMN schema and SpiffWorkflow's parser.

Each check takes (file name, parsed XML, context) and returns the faults it finds, each naming the file,
the element id and the reason. `erkend processes check` prints them and exits non-zero.
"""
from __future__ import annotations

import ast
import re
from typing import Callable, Collection, Iterable, Mapping, cast

from lxml import etree
from RestrictedPython import compile_restricted_eval, compile_restricted_exec

from engine.errors import SpecInvalid
from engine.procedure_checks import PROCEDURE_CHECKS

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")

Check = Callable[[str, etree._Element, Mapping[str, object]], list[SpecInvalid]]


def task_property(task: etree._Element, name: str) -> str | None:
    for prop in task.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS):
        if prop.get("name") == name:
            value: str | None = prop.get("value")
            return value
    return None


def lane_of(process: etree._Element, element_id: str) -> str | None:
    for lane in process.iterfind(".//bpmn:lane", NS):
        if any(ref.text == element_id for ref in lane.iterfind("bpmn:flowNodeRef", NS)):
            name: str | None = lane.get("name")
            return name
    return None


def check_user_tasks(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    """Every user task names a form that exists and sits in a lane that names the acting role."""
    faults = []
    form_exists = ctx.get("form_exists")
    for process in tree.iterfind("bpmn:process", NS):
        for task in process.iterfind(".//bpmn:userTask", NS):
            task_id = task.get("id", "")
            form_key = task_property(task, "formKey")
            if not form_key:
                faults.append(SpecInvalid(name, task_id, "user task has no formKey property"))
            elif callable(form_exists) and not form_exists(form_key):
                faults.append(SpecInvalid(name, task_id, f"form {form_key!r} does not exist in forms/"))
            if not lane_of(process, task_id):
                faults.append(SpecInvalid(name, task_id, "user task is not in a lane naming its role"))
    return faults


def check_expressions(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    """Timer expressions, conditions and scripts must compile in the sandbox; a bare P3M is a fault
    (it parses as a variable name and only fails months later, when the timer is armed)."""
    faults = []
    for tag in ("timeDuration", "timeDate", "timeCycle", "conditionExpression"):
        for node in tree.iterfind(f".//bpmn:{tag}", NS):
            owner = _owner_id(node)
            text = (node.text or "").strip()
            if not text:
                faults.append(SpecInvalid(name, owner, f"empty {tag}"))
            elif ISO_DURATION.match(text):
                faults.append(SpecInvalid(name, owner, f"{tag} {text} must be quoted (\"{text}\") or computed"))
            elif compile_restricted_eval(text).errors:
                faults.append(SpecInvalid(name, owner, f"{tag} does not compile: {compile_restricted_eval(text).errors[0]}"))
    for node in tree.iterfind(".//bpmn:scriptTask/bpmn:script", NS):
        errors = compile_restricted_exec(node.text or "").errors
        if errors:
            faults.append(SpecInvalid(name, _owner_id(node), f"script does not compile: {errors[0]}"))
    return faults


def check_references(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    """Flows, boundary events and call activities point at elements that exist (the library's own
    messages for these name the wrong element or none)."""
    faults = []
    process_ids = cast("Collection[str]", ctx.get("process_ids") or set())
    for process in tree.iterfind("bpmn:process", NS):
        ids = {el.get("id") for el in process.iter() if isinstance(el.tag, str) and el.get("id")}
        for flow in process.iterfind(".//bpmn:sequenceFlow", NS):
            for end in ("sourceRef", "targetRef"):
                if flow.get(end) not in ids:
                    faults.append(SpecInvalid(name, flow.get("id", "-"), f"{end} {flow.get(end)!r} does not exist"))
        for boundary in process.iterfind(".//bpmn:boundaryEvent", NS):
            if boundary.get("attachedToRef") not in ids:
                faults.append(SpecInvalid(name, boundary.get("id", "-"), "attached to an element that does not exist"))
        for call in process.iterfind(".//bpmn:callActivity", NS):
            if call.get("calledElement") not in process_ids:
                faults.append(SpecInvalid(name, call.get("id", "-"),
                                          f"calls process {call.get('calledElement')!r}, which is in no model file"))
    return faults


def _owner_id(node: etree._Element) -> str:
    """The id of the flow element a fault belongs to (the event, not its timer definition)."""
    while node is not None and (not node.get("id") or str(node.tag).endswith("EventDefinition")):
        node = node.getparent()
    return node.get("id", "-") if node is not None else "-"


def expression_names(text: str) -> set[str]:
    """The variable names an expression reads (used by the decoupling check of the procedure models)."""
    try:
        return {n.id for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    except SyntaxError:
        return set()


ENGINE_CHECKS: tuple[Check, ...] = (check_references, check_user_tasks, check_expressions)
# Every check `erkend processes check` and the spec loader run: the engine's own, then the procedure's
# (policy-named timers, letters after decisions, decoupling, lanes), named here and nowhere else.
DEFAULT_CHECKS: tuple[Check, ...] = ENGINE_CHECKS + PROCEDURE_CHECKS


def check_model_set(files: Mapping[str, bytes], form_exists: Callable[[str], bool] | None = None,
                    checks: Iterable[Check] = DEFAULT_CHECKS) -> list[SpecInvalid]:
    trees = {name: etree.fromstring(files[name], parser=etree.XMLParser(resolve_entities=False, no_network=True))
             for name in sorted(files) if name.endswith(".bpmn")}
    process_ids = {p.get("id") for tree in trees.values() for p in tree.iterfind("bpmn:process", NS)}
    ctx = {"form_exists": form_exists, "process_ids": process_ids, "trees": trees}
    faults: list[SpecInvalid] = []
    for name, tree in trees.items():
        for check in checks:
            faults.extend(check(name, tree, ctx))
    return faults
