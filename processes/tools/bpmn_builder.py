"""A small writer of executable BPMN files with diagram interchange (DI), for the procedure models.

The models are declared in Python (processes/tools/build_models.py): lanes, nodes and flows with
their Dutch names and English documentation. This module turns one declaration into a BPMN 2.0 file
in the SpiffWorkflow dialect, laid out left to right in layers (the longest path from the start
event decides the column, the lane decides the row band), so every model opens in bpmn.io and
renders in the web application. A declaration may let flows merge at any node; the file makes each
merge an explicit joining gateway (Proc.with_explicit_joins), so bpmnlint's recommended rules pass.
Run `python -m processes.tools.build_models` after editing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

SIZES = {"task": (100, 80), "event": (36, 36), "gateway": (50, 50)}
COL = 150
JOIN_COL = 110  # the step to or from a column of unnamed joins only: they have no label to make room for
ROW = 120
LANE_X = 130
POOL_X = 100


@dataclass
class Node:
    id: str
    kind: str  # start end user script rule call xor par evgw timer catch letter throw btimer bmsg
    name: str
    lane: str
    doc: str = ""
    props: dict = field(default_factory=dict)

    @property
    def shape(self) -> str:
        if self.kind in ("user", "script", "rule", "call"):
            return "task"
        if self.kind in ("xor", "par", "evgw"):
            return "gateway"
        return "event"


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str = ""


class Proc:
    def __init__(self, pid: str, name: str, doc: str) -> None:
        self.pid, self.name, self.doc = pid, name, doc
        self.lanes: list[tuple[str, str]] = []
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.defaults: dict[str, str] = {}
        self.messages: set[str] = set()

    # -- declaration ------------------------------------------------------------------------------
    def lane(self, role: str, doc: str) -> "Proc":
        self.lanes.append((role, doc))
        return self

    def _add(self, node: Node) -> str:
        assert node.id not in self.nodes, node.id
        self.nodes[node.id] = node
        return node.id

    def start(self, id: str, name: str, lane: str, doc: str = "") -> str:
        return self._add(Node(id, "start", name, lane, doc))

    def end(self, id: str, name: str, lane: str, doc: str = "", letter_by: str = "") -> str:
        """`letter_by`: the id of the letter request in another process that follows a decision ending
        here (engine.procedure_checks.check_decisions_send_letters)."""
        return self._add(Node(id, "end", name, lane, doc, {"letter_by": letter_by}))

    def user(self, id: str, name: str, lane: str, form: str, doc: str, decision: str = "") -> str:
        return self._add(Node(id, "user", name, lane, doc, {"form": form, "decision": decision}))

    def script(self, id: str, name: str, lane: str, script: str, doc: str = "") -> str:
        return self._add(Node(id, "script", name, lane, doc, {"script": script}))

    def rule(self, id: str, name: str, lane: str, decision: str, doc: str = "") -> str:
        return self._add(Node(id, "rule", name, lane, doc, {"decision": decision}))

    def call(self, id: str, name: str, lane: str, called: str, doc: str = "") -> str:
        return self._add(Node(id, "call", name, lane, doc, {"called": called}))

    def xor(self, id: str, name: str, lane: str, doc: str = "") -> str:
        return self._add(Node(id, "xor", name, lane, doc))

    def par(self, id: str, name: str, lane: str, doc: str = "") -> str:
        return self._add(Node(id, "par", name, lane, doc))

    def evgw(self, id: str, name: str, lane: str, doc: str = "") -> str:
        return self._add(Node(id, "evgw", name, lane, doc))

    def timer(self, id: str, name: str, lane: str, expr: str, doc: str = "") -> str:
        return self._add(Node(id, "timer", name, lane, doc, {"expr": expr}))

    def catch(self, id: str, name: str, lane: str, message: str, var: str, doc: str = "") -> str:
        self.messages.add(message)
        return self._add(Node(id, "catch", name, lane, doc, {"message": message, "var": var}))

    def letter(self, id: str, name: str, lane: str, letter_type: str, fields: str = "", doc: str = "") -> str:
        """Requests a letter: an `issue_letter` message whose payload names the letter type and the
        decision fields the letter quotes."""
        payload = f'{{"letter_type": "{letter_type}", "case_reference": case_reference{", " + fields if fields else ""}}}'
        return self.throw(id, name, lane, "issue_letter", payload, doc)

    def throw(self, id: str, name: str, lane: str, message: str, payload: str, doc: str = "") -> str:
        self.messages.add(message)
        return self._add(Node(id, "throw", name, lane, doc, {"message": message, "payload": payload}))

    def btimer(self, id: str, name: str, host: str, expr: str, interrupting: bool = True, doc: str = "") -> str:
        return self._add(Node(id, "btimer", name, self.nodes[host].lane, doc,
                              {"host": host, "expr": expr, "interrupting": interrupting}))

    def bmsg(self, id: str, name: str, host: str, message: str, var: str, interrupting: bool = True,
             doc: str = "") -> str:
        self.messages.add(message)
        return self._add(Node(id, "bmsg", name, self.nodes[host].lane, doc,
                              {"host": host, "message": message, "var": var, "interrupting": interrupting}))

    def flow(self, source: str, target: str, name: str = "", cond: str = "", default: bool = False) -> None:
        fid = f"f_{source}_{target}"
        assert source in self.nodes and target in self.nodes, (source, target)
        self.flows.append(Flow(fid, source, target, name, cond))
        if default:
            self.defaults[source] = fid

    def chain(self, *ids: str) -> None:
        for a, b in zip(ids, ids[1:]):
            self.flow(a, b)

    # -- the form a modeller and bpmnlint expect ---------------------------------------------------------
    def with_explicit_joins(self) -> "Proc":
        """This declaration with every merge of flows made explicit, as bpmnlint's recommended rules ask:
        a gateway either joins or forks (no-gateway-join-fork) and no task or event merges flows on its
        own (fake-join). Such a node gets a joining gateway `<id>_join` in front of it, in its lane:
        parallel before a parallel gateway, exclusive otherwise (an event-based gateway only forks; a task
        or event reached by several flows runs once per arriving flow, which is what an exclusive join
        does). The flows that arrived keep their names, conditions and defaults; they now end at the join."""
        incoming = Counter(f.target for f in self.flows)
        outgoing = Counter(f.source for f in self.flows)
        joined = {nid for nid, node in self.nodes.items()
                  if incoming[nid] > 1 and (node.shape != "gateway" or outgoing[nid] > 1)}
        out = Proc(self.pid, self.name, self.doc)
        out.lanes, out.messages = list(self.lanes), set(self.messages)
        for nid, node in self.nodes.items():
            if nid in joined:
                out._add(Node(f"{nid}_join", "par" if node.kind == "par" else "xor", "", node.lane))
            out._add(node)
        for f in self.flows:
            target = f"{f.target}_join" if f.target in joined else f.target
            out.flow(f.source, target, f.name, f.condition, default=self.defaults.get(f.source) == f.id)
        for nid in self.nodes:
            if nid in joined:
                out.flow(f"{nid}_join", nid)
        return out

    def _check_labels(self) -> None:
        """bpmnlint's label-required, at build time: every task and event has a name, and so have an
        exclusive gateway that forks (its question) and a flow with a condition (its answer)."""
        outgoing = Counter(f.source for f in self.flows)
        for node in self.nodes.values():
            exempt = node.kind in ("par", "evgw") or (node.kind == "xor" and outgoing[node.id] < 2)
            if not node.name.strip() and not exempt:
                raise ValueError(f"{self.pid}: {node.id} needs a name (bpmnlint label-required)")
        for f in self.flows:
            if f.condition and not f.name.strip():
                raise ValueError(f"{self.pid}: {f.id} has a condition and needs a name "
                                 "(bpmnlint label-required)")

    # -- layout ---------------------------------------------------------------------------------------
    def _layout(self) -> dict[str, tuple[float, float, float, float]]:
        succ: dict[str, list[str]] = {n: [] for n in self.nodes}
        for f in self.flows:
            succ[f.source].append(f.target)
        for n in self.nodes.values():  # a boundary event sits in its host's column
            if n.kind in ("btimer", "bmsg"):
                succ[n.props["host"]].append(n.id)
        back: set[tuple[str, str]] = set()
        state: dict[str, int] = {}

        def dfs(v: str) -> None:
            state[v] = 1
            for w in succ[v]:
                if state.get(w) == 1:
                    back.add((v, w))
                elif w not in state:
                    dfs(w)
            state[v] = 2

        for n in self.nodes:
            if n not in state and self.nodes[n].kind == "start":
                dfs(n)
        for n in self.nodes:
            if n not in state:
                dfs(n)
        self.back_edges = back
        layer = {n: 0 for n in self.nodes}
        changed = True
        while changed:
            changed = False
            for v in self.nodes:
                for w in succ[v]:
                    if (v, w) in back:
                        continue
                    step = 0 if self.nodes[w].kind in ("btimer", "bmsg") else 1
                    if layer[w] < layer[v] + step:
                        layer[w] = layer[v] + step
                        changed = True
        rows: dict[tuple[str, int], int] = {}
        slot: dict[str, int] = {}
        for nid in self.nodes:
            node = self.nodes[nid]
            if node.kind in ("btimer", "bmsg"):
                continue
            key = (node.lane, layer[nid])
            slot[nid] = rows.get(key, 0)
            rows[key] = slot[nid] + 1
        lane_rows = {role: max([r for (ln, _), r in rows.items() if ln == role] or [1]) for role, _ in self.lanes}
        self.lane_box: dict[str, tuple[float, float]] = {}
        y = 60.0
        for role, _ in self.lanes:
            h = lane_rows[role] * ROW + 40
            self.lane_box[role] = (y, h)
            y += h
        self.height = y - 60
        column_x = self._columns(layer)
        self.width = column_x[-1] + COL + 120
        pos: dict[str, tuple[float, float, float, float]] = {}
        for nid, node in self.nodes.items():
            if node.kind in ("btimer", "bmsg"):
                continue
            w, h = SIZES[node.shape]
            cx = LANE_X + 90 + column_x[layer[nid]]
            cy = self.lane_box[node.lane][0] + 20 + slot[nid] * ROW + ROW / 2
            pos[nid] = (cx - w / 2, cy - h / 2, w, h)
        offsets: dict[str, int] = {}
        for nid, node in self.nodes.items():
            if node.kind in ("btimer", "bmsg"):
                hx, hy, hw, hh = pos[node.props["host"]]
                k = offsets.get(node.props["host"], 0)
                offsets[node.props["host"]] = k + 1
                pos[nid] = (hx + hw - 30 - k * (hw - 24), hy + hh - 18, 36, 36)
        return pos

    def _columns(self, layer: dict[str, int]) -> list[float]:
        """The x offset of each column: COL apart, JOIN_COL beside a column that holds only joins."""
        last = max(layer.values())
        members = [[self.nodes[n] for n in self.nodes if layer[n] == k] for k in range(last + 1)]
        joins = [bool(nodes) and all(n.kind in ("xor", "par") and not n.name for n in nodes)
                 for nodes in members]
        xs = [0.0]
        for k in range(last):
            xs.append(xs[-1] + (JOIN_COL if joins[k] or joins[k + 1] else COL))
        return xs

    def _waypoints(self, f: Flow, pos: dict) -> list[tuple[float, float]]:
        sx, sy, sw, sh = pos[f.source]
        tx, ty, tw, th = pos[f.target]
        src = self.nodes[f.source]
        tcy = ty + th / 2
        if src.kind in ("btimer", "bmsg"):
            start = (sx + sw / 2, sy + sh)
            return [start, (start[0], tcy), (tx, tcy)] if start[0] < tx else [start, (start[0], ty + th + 15),
                                                                              (tx + tw / 2, ty + th + 15),
                                                                              (tx + tw / 2, ty + th)]
        scy = sy + sh / 2
        if tx > sx + sw:
            if abs(scy - tcy) < 1:
                return [(sx + sw, scy), (tx, tcy)]
            if src.shape == "gateway":  # leave a gateway up or down, so the flow's label sits beside it
                cx = sx + sw / 2
                return [(cx, sy if tcy < scy else sy + sh), (cx, tcy), (tx, tcy)]
            mx = sx + sw + 20
            return [(sx + sw, scy), (mx, scy), (mx, tcy), (tx, tcy)]
        low = max(sy + sh, ty + th) + 25
        return [(sx + sw / 2, sy + sh), (sx + sw / 2, low), (tx + tw / 2, low), (tx + tw / 2, ty + th)]

    # -- XML ----------------------------------------------------------------------------------------
    def to_xml(self, explicit_joins: bool = True) -> str:
        """The BPMN file, with the joins made explicit (see with_explicit_joins); without them only to
        show what bpmnlint would say of the declaration as written."""
        self._check_labels()
        return (self.with_explicit_joins() if explicit_joins else self)._xml()

    def _xml(self) -> str:
        pos = self._layout()
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               "<!-- Generated by processes/tools/build_models.py from its declaration; edit that, not this file. -->",
               '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
               '                  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"',
               '                  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"',
               '                  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"',
               '                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
               '                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"',
               f'                  id="defs_{self.pid}" targetNamespace="https://erkend.example/bpmn">',
               f'  <bpmn:collaboration id="collab_{self.pid}">',
               f'    <bpmn:participant id="participant_{self.pid}" name={quoteattr(self.name)} processRef="{self.pid}"/>',
               "  </bpmn:collaboration>"]
        for m in sorted(self.messages):
            out.append(f'  <bpmn:message id="msg_{m}" name="{m}"/>')
        out.append(f'  <bpmn:process id="{self.pid}" name={quoteattr(self.name)} isExecutable="true">')
        out.append(f"    <bpmn:documentation>{escape(self.doc)}</bpmn:documentation>")
        out.append(f'    <bpmn:laneSet id="lanes_{self.pid}">')
        for role, doc in self.lanes:
            out.append(f'      <bpmn:lane id="lane_{self.pid}_{role}" name="{role}">')
            out.append(f"        <bpmn:documentation>{escape(doc)}</bpmn:documentation>")
            for nid, node in self.nodes.items():
                if node.lane == role:
                    out.append(f"        <bpmn:flowNodeRef>{nid}</bpmn:flowNodeRef>")
            out.append("      </bpmn:lane>")
        out.append("    </bpmn:laneSet>")
        for node in self.nodes.values():
            out.extend("    " + line for line in self._node_xml(node))
        for f in self.flows:
            name = f" name={quoteattr(f.name)}" if f.name else ""
            head = f'    <bpmn:sequenceFlow id="{f.id}"{name} sourceRef="{f.source}" targetRef="{f.target}"'
            if f.condition:
                out.append(head + ">")
                out.append(f'      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{escape(f.condition)}</bpmn:conditionExpression>')
                out.append("    </bpmn:sequenceFlow>")
            else:
                out.append(head + "/>")
        out.append("  </bpmn:process>")
        out.extend(self._di_xml(pos))
        out.append("</bpmn:definitions>")
        return "\n".join(out) + "\n"

    def _node_xml(self, n: Node) -> list[str]:
        inc = [f"  <bpmn:incoming>{f.id}</bpmn:incoming>" for f in self.flows if f.target == n.id]
        outg = [f"  <bpmn:outgoing>{f.id}</bpmn:outgoing>" for f in self.flows if f.source == n.id]
        doc = [f"  <bpmn:documentation>{escape(n.doc)}</bpmn:documentation>"] if n.doc else []
        name = quoteattr(n.name)
        tag = {"start": "startEvent", "end": "endEvent", "user": "userTask", "script": "scriptTask",
               "rule": "businessRuleTask", "call": "callActivity", "xor": "exclusiveGateway",
               "par": "parallelGateway", "evgw": "eventBasedGateway", "timer": "intermediateCatchEvent",
               "catch": "intermediateCatchEvent", "throw": "intermediateThrowEvent",
               "btimer": "boundaryEvent", "bmsg": "boundaryEvent"}[n.kind]
        attrs = f'id="{n.id}" name={name}'
        if n.kind == "call":
            attrs += f' calledElement="{n.props["called"]}"'
        if n.id in self.defaults:
            attrs += f' default="{self.defaults[n.id]}"'
        if n.kind in ("btimer", "bmsg"):
            attrs += f' attachedToRef="{n.props["host"]}"'
            if not n.props["interrupting"]:
                attrs += ' cancelActivity="false"'
        body: list[str] = list(doc)
        if n.kind == "user":
            body.append("  <bpmn:extensionElements><spiffworkflow:properties>")
            body.append(f'    <spiffworkflow:property name="formKey" value="{n.props["form"]}"/>')
            if n.props["decision"]:
                body.append(f'    <spiffworkflow:property name="decision" value="{n.props["decision"]}"/>')
            body.append("  </spiffworkflow:properties></bpmn:extensionElements>")
        if n.kind == "end" and n.props.get("letter_by"):
            body.append("  <bpmn:extensionElements><spiffworkflow:properties>")
            body.append(f'    <spiffworkflow:property name="letterBy" value="{n.props["letter_by"]}"/>')
            body.append("  </spiffworkflow:properties></bpmn:extensionElements>")
        if n.kind == "rule":
            body.append("  <bpmn:extensionElements>")
            body.append(f"    <spiffworkflow:calledDecisionId>{n.props['decision']}</spiffworkflow:calledDecisionId>")
            body.append("  </bpmn:extensionElements>")
        body += inc + outg
        if n.kind == "script":
            body.append(f"  <bpmn:script>{escape(n.props['script'])}</bpmn:script>")
        if n.kind in ("timer", "btimer"):
            body.append(f'  <bpmn:timerEventDefinition id="ted_{n.id}">')
            body.append(f'    <bpmn:timeDate xsi:type="bpmn:tFormalExpression">{escape(n.props["expr"])}</bpmn:timeDate>')
            body.append("  </bpmn:timerEventDefinition>")
        if n.kind in ("catch", "bmsg"):
            body.append(f'  <bpmn:messageEventDefinition id="med_{n.id}" messageRef="msg_{n.props["message"]}">')
            body.append("    <bpmn:extensionElements>")
            body.append(f"      <spiffworkflow:messageVariable>{n.props['var']}</spiffworkflow:messageVariable>")
            body.append("    </bpmn:extensionElements>")
            body.append("  </bpmn:messageEventDefinition>")
        if n.kind == "throw":
            body.append(f'  <bpmn:messageEventDefinition id="med_{n.id}" messageRef="msg_{n.props["message"]}">')
            body.append("    <bpmn:extensionElements>")
            body.append(f"      <spiffworkflow:messagePayload>{escape(n.props['payload'])}</spiffworkflow:messagePayload>")
            body.append("    </bpmn:extensionElements>")
            body.append("  </bpmn:messageEventDefinition>")
        return [f"<bpmn:{tag} {attrs}>", *body, f"</bpmn:{tag}>"]

    def _di_xml(self, pos: dict) -> list[str]:
        out = [f'  <bpmndi:BPMNDiagram id="diagram_{self.pid}">',
               f'    <bpmndi:BPMNPlane id="plane_{self.pid}" bpmnElement="collab_{self.pid}">',
               f'      <bpmndi:BPMNShape id="participant_{self.pid}_di" bpmnElement="participant_{self.pid}" isHorizontal="true">',
               f'        <dc:Bounds x="{POOL_X}" y="60" width="{self.width + 30:.0f}" height="{self.height:.0f}"/>',
               "      </bpmndi:BPMNShape>"]
        for role, _ in self.lanes:
            y, h = self.lane_box[role]
            out.append(f'      <bpmndi:BPMNShape id="lane_{self.pid}_{role}_di" bpmnElement="lane_{self.pid}_{role}" isHorizontal="true">')
            out.append(f'        <dc:Bounds x="{LANE_X}" y="{y:.0f}" width="{self.width:.0f}" height="{h:.0f}"/>')
            out.append("      </bpmndi:BPMNShape>")
        for nid, node in self.nodes.items():
            x, y, w, h = pos[nid]
            marker = ' isMarkerVisible="true"' if node.kind == "xor" else ""
            out.append(f'      <bpmndi:BPMNShape id="{nid}_di" bpmnElement="{nid}"{marker}>'
                       f'<dc:Bounds x="{x:.0f}" y="{y:.0f}" width="{w}" height="{h}"/>')
            if node.shape != "task":
                pad = 10 if node.kind in ("btimer", "bmsg") else 30
                out.append(f'        <bpmndi:BPMNLabel><dc:Bounds x="{x - pad:.0f}" y="{y + h + 4:.0f}" width="{w + 2 * pad}" height="28"/></bpmndi:BPMNLabel>')
            out.append("      </bpmndi:BPMNShape>")
        for f in self.flows:
            points = "".join(f'<di:waypoint x="{px:.0f}" y="{py:.0f}"/>' for px, py in self._waypoints(f, pos))
            out.append(f'      <bpmndi:BPMNEdge id="{f.id}_di" bpmnElement="{f.id}">{points}</bpmndi:BPMNEdge>')
        out += ["    </bpmndi:BPMNPlane>", "  </bpmndi:BPMNDiagram>"]
        return out
