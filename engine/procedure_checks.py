"""Model rules of the procedure itself, run by `erkend processes check` next to the engine's own checks.

- every timer names a policy value (`policy[...]`): legal terms live in the policy files, with sources;
- every decision (a user task with a `decision` property) is followed on every path by a letter request
  (an `issue_letter` message) before the process ends, or by an end event that names (property `letterBy`)
  the letter request of another process of the model set that sends it (the police's offer of the
  reflection period, whose letter the residence track sends with the period's end);
- in a decoupled identification process (a process `identification` with a `panel` lane, as in the
  nl-decoupled variant) no gateway condition reads a variable that only the investigation side writes;
- no lane mixes investigation and panel roles, by its name or by the forms of the tasks in it;
- an event-based gateway waits for at most one timer (the library keeps one due moment per waiting task);
- a case fact is written only by the tasks its catalogue entry names (engine/case_facts.py), and every
  fact a model reads or writes is in the catalogue;
- in a decoupled variant, identification never waits, on any path that leads to it or inside it, for an
  event, a case fact or a form that only the investigation side produces (the timing side of decoupling).

Each check takes (file name, parsed XML, context) and returns faults naming the file, element and reason.
"""
from __future__ import annotations

import ast
import re
from typing import Callable, Mapping, cast

from lxml import etree

from engine.case_facts import FACTS
from engine.errors import SpecInvalid

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
TIMER_TAGS = ("timeDuration", "timeDate", "timeCycle")
LETTER_MESSAGE = "issue_letter"
INVESTIGATION_ROLES = frozenset({"police", "kmar", "prosecutor", "prosecution", "investigation"})
PANEL_ROLES = frozenset({"panel"})
INVESTIGATION_FORM_GROUPS = ("police.", "kmar.", "prosecutor.", "prosecution.")
# Messages that come from the criminal investigation; their payload variables are investigation data.
INVESTIGATION_MESSAGES = frozenset({"report_filed", "cooperation_offered", "cannot_cooperate", "leads_assessment",
                                    "prosecution_started", "dismissal", "acquittal", "conviction",
                                    "prosecution_decision", "investigation_closed"})


def _reads_policy(text: str) -> bool:
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return False
    return any(isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == "policy"
               for n in ast.walk(tree))


def _owner(node: etree._Element) -> str:
    while node is not None and (not node.get("id") or str(node.tag).endswith("EventDefinition")):
        node = node.getparent()
    return node.get("id", "-") if node is not None else "-"


def check_timers_name_policy(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    faults: list[SpecInvalid] = []
    for tag in TIMER_TAGS:
        for node in tree.iterfind(f".//bpmn:{tag}", NS):
            if not _reads_policy((node.text or "").strip()):
                faults.append(SpecInvalid(name, _owner(node), f"timer does not name a policy value (policy[...]): "
                                                              f"{(node.text or '').strip()[:60]!r}"))
    return faults


def _message_names(tree: etree._Element) -> dict[str, str]:
    return {m.get("id", ""): m.get("name", "") for m in tree.iterfind("bpmn:message", NS)}


def _is_letter(node: etree._Element, messages: Mapping[str, str]) -> bool:
    if etree.QName(node).localname != "intermediateThrowEvent":
        return False
    return any(messages.get(d.get("messageRef", "")) == LETTER_MESSAGE
               for d in node.iterfind("bpmn:messageEventDefinition", NS))


def _letters_of_model_set(ctx: Mapping[str, object]) -> set[str]:
    """The ids of every letter request in the model set's files."""
    trees = cast("Mapping[str, etree._Element]", ctx.get("trees") or {})
    ids = set()
    for tree in trees.values():
        messages = _message_names(tree)
        ids |= {n.get("id", "") for n in tree.iterfind(".//bpmn:intermediateThrowEvent", NS) if _is_letter(n, messages)}
    return ids


def _letter_by(node: etree._Element) -> str:
    for prop in node.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS):
        if prop.get("name") == "letterBy":
            return str(prop.get("value", ""))
    return ""


def check_decisions_send_letters(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    faults = []
    messages = _message_names(tree)
    elsewhere = _letters_of_model_set(ctx)
    for process in tree.iterfind("bpmn:process", NS):
        nodes = {n.get("id"): n for n in process if n.get("id")}
        outgoing: dict[str, list[str]] = {}
        for flow in process.iterfind("bpmn:sequenceFlow", NS):
            outgoing.setdefault(flow.get("sourceRef", ""), []).append(flow.get("targetRef", ""))
        for task in process.iterfind("bpmn:userTask", NS):
            if not any(p.get("name") == "decision" for p in
                       task.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS)):
                continue
            end = _end_without_letter(task.get("id", ""), nodes, outgoing, messages, elsewhere)
            if end:
                faults.append(SpecInvalid(name, task.get("id", "-"),
                                          f"decision reaches end event {end!r} without a letter request ({LETTER_MESSAGE})"))
    return faults


def _end_without_letter(start: str, nodes: Mapping[str, etree._Element], outgoing: Mapping[str, list[str]],
                        messages: Mapping[str, str], elsewhere: set[str]) -> str | None:
    seen, stack = {start}, list(outgoing.get(start, []))
    while stack:
        current = stack.pop()
        if current in seen or current not in nodes:
            continue
        seen.add(current)
        node = nodes[current]
        if _is_letter(node, messages) or _letter_by(node) in elsewhere - {""}:
            continue
        if etree.QName(node).localname == "endEvent" or not outgoing.get(current):
            return current
        stack.extend(outgoing[current])
    return None


def _assigned_names(script: str) -> set[str]:
    try:
        tree = ast.parse(script)
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _lane_roles(lane_name: str | None) -> set[str]:
    return {part for part in re.split(r"[\s,/&+;|]+", (lane_name or "").lower()) if part}


def _lanes(process: etree._Element) -> dict[str, str]:
    """flow node id -> name of its lane"""
    return {ref.text or "": lane.get("name", "") for lane in process.iterfind(".//bpmn:lane", NS)
            for ref in lane.iterfind("bpmn:flowNodeRef", NS)}


def investigation_variables(trees: Mapping[str, etree._Element]) -> set[str]:
    """Variables written only by the investigation side: payloads of investigation messages and names
    assigned by scripts in investigation lanes, less anything another lane also assigns."""
    written, elsewhere = set(), set()
    for tree in trees.values():
        messages = _message_names(tree)
        for definition in tree.iterfind(".//bpmn:messageEventDefinition", NS):
            if messages.get(definition.get("messageRef", "")) in INVESTIGATION_MESSAGES:
                for var in definition.iterfind(".//spiffworkflow:messageVariable", NS):
                    written.add((var.text or "").strip())
        for process in tree.iterfind("bpmn:process", NS):
            lanes = _lanes(process)
            for script in process.iterfind(".//bpmn:scriptTask", NS):
                names = _assigned_names(script.findtext("bpmn:script", default="", namespaces=NS))
                if _lane_roles(lanes.get(script.get("id", ""))) & INVESTIGATION_ROLES:
                    written |= names
                else:
                    elsewhere |= names
    return written - elsewhere - {""}


def check_decoupled_identification(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    faults: list[SpecInvalid] = []
    trees = ctx.get("trees") or {name: tree}
    for process in tree.iterfind("bpmn:process", NS):
        if process.get("id") != "identification":
            continue
        if not any(_lane_roles(lane.get("name")) & PANEL_ROLES for lane in process.iterfind(".//bpmn:lane", NS)):
            continue  # identification by police/KMar (nl-current): not decoupled, nothing to prove
        forbidden = investigation_variables(trees)  # type: ignore[arg-type]  # ctx values are untyped objects
        for flow in process.iterfind(".//bpmn:sequenceFlow", NS):
            condition = flow.findtext("bpmn:conditionExpression", default="", namespaces=NS)
            read = _names(condition) & forbidden
            if read:
                faults.append(SpecInvalid(name, flow.get("id", "-"), "decoupled identification reads investigation "
                                                                     f"data in a gateway condition: {sorted(read)}"))
    return faults


def _names(text: str) -> set[str]:
    try:
        return {n.id for n in ast.walk(ast.parse(text or "None", mode="eval")) if isinstance(n, ast.Name)}
    except SyntaxError:
        return set()


def check_lanes_keep_investigation_apart(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    faults = []
    for process in tree.iterfind("bpmn:process", NS):
        for lane in process.iterfind(".//bpmn:lane", NS):
            roles = _lane_roles(lane.get("name"))
            if roles & INVESTIGATION_ROLES and roles & PANEL_ROLES:
                faults.append(SpecInvalid(name, lane.get("id", "-"), "lane mixes investigation and panel roles"))
        lanes = _lanes(process)
        for task in process.iterfind(".//bpmn:userTask", NS):
            roles = _lane_roles(lanes.get(task.get("id", "")))
            form = next((p.get("value", "") for p in task.iterfind(
                "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS)
                if p.get("name") == "formKey"), "")
            if roles & PANEL_ROLES and form.startswith(INVESTIGATION_FORM_GROUPS):
                faults.append(SpecInvalid(name, task.get("id", "-"), f"investigation form {form!r} in a panel lane"))
            if roles & INVESTIGATION_ROLES and form.startswith("panel."):
                faults.append(SpecInvalid(name, task.get("id", "-"), f"panel form {form!r} in an investigation lane"))
    return faults


def check_event_gateways_one_timer(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    faults = []
    for process in tree.iterfind("bpmn:process", NS):
        nodes = {n.get("id"): n for n in process if n.get("id")}
        for gateway in process.iterfind("bpmn:eventBasedGateway", NS):
            targets = [f.get("targetRef") for f in process.iterfind("bpmn:sequenceFlow", NS)
                       if f.get("sourceRef") == gateway.get("id")]
            timers = [t for t in targets if t in nodes and nodes[t].find("bpmn:timerEventDefinition", NS) is not None]
            if len(timers) > 1:
                faults.append(SpecInvalid(name, gateway.get("id", "-"),
                                          f"event-based gateway waits for {len(timers)} timers; one at most"))
    return faults


# Case facts only the criminal investigation produces: a decoupled identification may not wait for them.
INVESTIGATION_FACTS = frozenset({"reported", "report_withdrawn_under_threat", "criminal_case"})
_FACT_MESSAGE = "internal.fact."


def _fact_calls(text: str, function: str) -> list[ast.Call]:
    try:
        tree = ast.parse(text or "")
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id == function]


def _literal_name(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def check_fact_writers(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
    faults = []
    for script in tree.iterfind(".//bpmn:scriptTask", NS):
        task_id = script.get("id", "-")
        for call in _fact_calls(script.findtext("bpmn:script", default="", namespaces=NS), "record_fact"):
            fact = _literal_name(call)
            if fact is None:
                faults.append(SpecInvalid(name, task_id, "record_fact needs the fact's name as a literal"))
            elif fact not in FACTS:
                faults.append(SpecInvalid(name, task_id, f"unknown case fact {fact!r}"))
            elif task_id not in FACTS[fact].writers:
                faults.append(SpecInvalid(name, task_id, f"task may not write case fact {fact!r} "
                                                         f"(writers: {sorted(FACTS[fact].writers)})"))
    for node in tree.iter():
        text = node.text if isinstance(node.tag, str) else None
        for call in _fact_calls((text or "").strip(), "fact"):
            fact = _literal_name(call)
            if fact is not None and fact not in FACTS:
                faults.append(SpecInvalid(name, _owner(node), f"reads unknown case fact {fact!r}"))
    return faults


def _process_index(trees: Mapping[str, etree._Element]) -> dict[str, tuple[str, etree._Element, dict[str, str]]]:
    return {process.get("id", ""): (file, process, _message_names(tree))
            for file, tree in trees.items() for process in tree.iterfind("bpmn:process", NS)}


def _investigation_wait(node: etree._Element, messages: Mapping[str, str], lanes: Mapping[str, str]) -> str | None:
    """Why this node would make the flow wait on the investigation side, or None."""
    for definition in node.iterfind("bpmn:messageEventDefinition", NS):
        message = messages.get(definition.get("messageRef", ""), "")
        if message in INVESTIGATION_MESSAGES:
            return f"waits for the investigation's message {message!r}"
        if message.startswith(_FACT_MESSAGE) and message[len(_FACT_MESSAGE):] in INVESTIGATION_FACTS:
            return f"waits for the investigation's case fact {message[len(_FACT_MESSAGE):]!r}"
    if etree.QName(node).localname == "userTask":
        form = next((p.get("value", "") for p in node.iterfind(
            "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS) if p.get("name") == "formKey"), "")
        if form.startswith(INVESTIGATION_FORM_GROUPS) or _lane_roles(lanes.get(node.get("id", ""))) & INVESTIGATION_ROLES:
            return f"waits for a form only the investigation side fills in ({form or 'investigation lane'})"
    return None


def _waits_inside(process_id: str, index: Mapping[str, tuple[str, etree._Element, dict[str, str]]],
                  seen: set[str]) -> tuple[str, str, str] | None:
    """(file, element, reason) of the first investigation wait anywhere in a process or what it calls."""
    if process_id in seen or process_id not in index:
        return None
    seen.add(process_id)
    file, process, messages = index[process_id]
    lanes = _lanes(process)
    for node in process:
        if not isinstance(node.tag, str) or not node.get("id"):
            continue
        reason = _investigation_wait(node, messages, lanes)
        if reason:
            return file, node.get("id", "-"), reason
        if etree.QName(node).localname == "callActivity":
            found = _waits_inside(node.get("calledElement", ""), index, seen)
            if found:
                return found
    return None


def check_identification_never_waits_for_investigation(name: str, tree: etree._Element,
                                                        ctx: Mapping[str, object]) -> list[SpecInvalid]:
    trees: Mapping[str, etree._Element] = ctx.get("trees") or {name: tree}  # type: ignore[assignment]  # ctx values are untyped objects
    index = _process_index(trees)
    ident = index.get("identification")
    if ident is None or not any(_lane_roles(lane.get("name")) & PANEL_ROLES
                                for lane in ident[1].iterfind(".//bpmn:lane", NS)):
        return []  # identification by police/KMar (nl-current): coupled by design
    faults = []
    if index["identification"][0] == name:
        found = _waits_inside("identification", index, set())
        if found:
            faults.append(SpecInvalid(found[0], found[1], f"decoupled identification {found[2]}"))
    for process in tree.iterfind("bpmn:process", NS):
        calls = [n for n in process.iterfind("bpmn:callActivity", NS) if n.get("calledElement") == "identification"]
        if not calls:
            continue
        incoming: dict[str, list[str]] = {}
        for flow in process.iterfind("bpmn:sequenceFlow", NS):
            incoming.setdefault(flow.get("targetRef", ""), []).append(flow.get("sourceRef", ""))
        nodes = {n.get("id"): n for n in process if isinstance(n.tag, str) and n.get("id")}
        lanes, messages = _lanes(process), _message_names(tree)
        for call in calls:
            before, stack = set(), list(incoming.get(call.get("id", ""), []))
            while stack:  # every node on some path that leads to the identification
                current = stack.pop()
                if current in before or current not in nodes:
                    continue
                before.add(current)
                stack.extend(incoming.get(current, []))
            for node_id in sorted(before):
                node = nodes[node_id]
                reason = _investigation_wait(node, messages, lanes)
                if reason is None and etree.QName(node).localname == "callActivity":
                    found = _waits_inside(node.get("calledElement", ""), index, {"identification"})
                    reason = f"calls {node.get('calledElement')!r}, which {found[2]}" if found else None
                if reason:
                    faults.append(SpecInvalid(name, node_id, f"on the way to the decoupled identification: {reason}"))
    return faults


# The engine's own reference model exercises the runtime (literal terms, a decision without a letter) on
# purpose; it is not part of the procedure, so the procedure's rules skip it.
ENGINE_REFERENCE_FILES = frozenset({"reference.bpmn", "reference_review.bpmn"})


def _procedure_only(check: Callable[[str, etree._Element, Mapping[str, object]], list[SpecInvalid]]
                    ) -> Callable[[str, etree._Element, Mapping[str, object]], list[SpecInvalid]]:
    def run(name: str, tree: etree._Element, ctx: Mapping[str, object]) -> list[SpecInvalid]:
        return [] if name in ENGINE_REFERENCE_FILES else check(name, tree, ctx)

    run.__name__ = run.__qualname__ = check.__name__
    run.__doc__ = check.__doc__
    return run


PROCEDURE_CHECKS: tuple[Callable[[str, etree._Element, Mapping[str, object]], list[SpecInvalid]], ...] = tuple(
    _procedure_only(check) for check in (check_timers_name_policy, check_decisions_send_letters,
                                         check_decoupled_identification, check_lanes_keep_investigation_apart,
                                         check_event_gateways_one_timer, check_fact_writers,
                                         check_identification_never_waits_for_investigation))
