"""Server-side SVG of a BPMN process from its diagram interchange (DI), with the case's position marked.

No JavaScript and no external assets: the SVG is inlined into pages (and the strict CSP holds), embedded
in processes/README.md, and readable without a modeller. States per element id: "done", "active"
(a ready task), "waiting" (an armed timer or a message catch).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping
from xml.sax.saxutils import escape  # nosec B406  # the escape function only; no XML is parsed with sax

from lxml import etree

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
STATE_STYLE = {
    "done": ("#e3f1e4", "#2e7d32"),
    "active": ("#fff3c4", "#b26a00"),
    "waiting": ("#e1ecfb", "#1f5fa8"),
}
DEFAULT_STYLE = ("#ffffff", "#3b3b3b")
TASK_TAGS = {"task", "userTask", "scriptTask", "serviceTask", "businessRuleTask", "manualTask", "sendTask",
             "receiveTask", "callActivity", "subProcess"}
EVENT_TAGS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
GATEWAY_TAGS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway"}


@dataclass(frozen=True)
class Shape:
    element_id: str
    tag: str
    name: str
    x: float
    y: float
    w: float
    h: float
    horizontal: bool = True


def _local(tag: str) -> str:
    return tag.split("}", 1)[-1]


def _plane_for(tree: etree._Element, process_id: str) -> etree._Element | None:
    participants = {p.get("id") for p in tree.iterfind(".//bpmn:participant", NS) if p.get("processRef") == process_id}
    for plane in tree.iterfind(".//bpmndi:BPMNPlane", NS):
        target = plane.get("bpmnElement")
        if target == process_id:
            return plane
        collaboration = tree.find(f".//bpmn:collaboration[@id='{target}']", NS)
        if collaboration is not None and any(p.get("id") in participants
                                             for p in collaboration.iterfind("bpmn:participant", NS)):
            return plane
    return None


def _elements(tree: etree._Element) -> dict[str, etree._Element]:
    return {el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}


def render_svg(bpmn_xml: bytes, process_id: str, states: Mapping[str, str] | None = None,
               title: str | None = None, words: Mapping[str, str] | None = None) -> str:
    """The model's diagram as SVG with the case's states. `words` gives the reader's words for lane names
    (roles), for the names of the steps and arrows (the models name them in Dutch) and for the states and
    their legend (`done`, `active`, `waiting`); without it, the codes, the models' names and a
    two-language legend."""
    tree = etree.fromstring(bpmn_xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    plane = _plane_for(tree, process_id)
    if plane is None:
        raise ValueError(f"no diagram for process {process_id!r}")
    states = states or {}
    words = words or {}
    elements = _elements(tree)
    shapes = list(_shapes(plane, elements))
    edges = list(_edges(plane, elements))
    xs = [s.x for s in shapes] + [x for _, pts in edges for x, _ in pts]
    ys = [s.y for s in shapes] + [y for _, pts in edges for _, y in pts]
    x2 = [s.x + s.w for s in shapes] + xs
    y2 = [s.y + s.h for s in shapes] + ys
    min_x, min_y = min(xs, default=0) - 10, min(ys, default=0) - 10
    width, height = max(x2, default=100) - min_x + 10, max(y2, default=100) - min_y + 30
    label = title or words.get(process_id) or process_id
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{min_x:.0f} {min_y:.0f} {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}" '
           f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f"<title>{escape(label)}</title>",
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3b3b3b"/></marker></defs>']
    for shape in sorted(shapes, key=lambda s: 0 if s.tag in ("participant", "lane") else 1):
        out.append(_draw_shape(shape, states.get(shape.element_id), words))
    for name, points in edges:
        path = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#3b3b3b" stroke-width="1.3" marker-end="url(#arrow)"/>')
        if name:
            (ax, ay), (bx, by) = points[0], points[1]
            said = escape(words.get(name, name))
            out.append(f'<text x="{(ax + bx) / 2 + 4:.0f}" y="{(ay + by) / 2 - 4:.0f}" font-size="11">{said}</text>')
    out.append(_legend(min_x + 10, min_y + height - 14, states.values(), words))
    out.append("</svg>")
    return "\n".join(out)


def _shapes(plane: etree._Element, elements: Mapping[str, etree._Element]) -> Iterable[Shape]:
    for di_shape in plane.iterfind("bpmndi:BPMNShape", NS):
        element = elements.get(di_shape.get("bpmnElement", ""))
        bounds = di_shape.find("dc:Bounds", NS)
        if element is None or bounds is None:
            continue
        yield Shape(element.get("id"), _local(element.tag), element.get("name") or "",
                    float(bounds.get("x")), float(bounds.get("y")), float(bounds.get("width")),
                    float(bounds.get("height")), di_shape.get("isHorizontal", "true") != "false")


def _edges(plane: etree._Element, elements: Mapping[str, etree._Element]) -> Iterable[tuple[str, list[tuple[float, float]]]]:
    for di_edge in plane.iterfind("bpmndi:BPMNEdge", NS):
        element = elements.get(di_edge.get("bpmnElement", ""))
        points = [(float(p.get("x")), float(p.get("y"))) for p in di_edge.iterfind("di:waypoint", NS)]
        if element is not None and len(points) >= 2 and _local(element.tag) == "sequenceFlow":
            yield element.get("name") or "", points


def _draw_shape(s: Shape, state: str | None, words: Mapping[str, str]) -> str:
    fill, stroke = STATE_STYLE.get(state or "", DEFAULT_STYLE)
    width = 3 if state in ("active", "waiting") else 1.5
    data = f'data-element="{escape(s.element_id)}"' + (f' data-state="{state}"' if state else "")
    said = words.get(state or "", state)
    if s.tag not in ("participant", "lane"):
        s = replace(s, name=words.get(s.name, s.name))
    tooltip = f"<title>{escape(s.name)}{' — ' + escape(said) if said else ''}</title>" if s.name else ""
    if s.tag in ("participant", "lane"):
        label_x, label_y = s.x + 15, s.y + s.h / 2
        return (f'<g {data}><rect x="{s.x}" y="{s.y}" width="{s.w}" height="{s.h}" fill="none" stroke="#8a8a8a"/>'
                f'<text x="{label_x}" y="{label_y}" text-anchor="middle" transform="rotate(-90 {label_x} {label_y})" '
                f'font-weight="bold">{escape(words.get(s.name, s.name))}</text></g>')
    if s.tag in TASK_TAGS:
        border = 3.5 if s.tag == "callActivity" else width
        return (f'<g {data}>{tooltip}<rect x="{s.x}" y="{s.y}" width="{s.w}" height="{s.h}" rx="9" fill="{fill}" '
                f'stroke="{stroke}" stroke-width="{border}"/>{_wrapped(s.name, s.x + s.w / 2, s.y + s.h / 2, s.w - 8)}</g>')
    if s.tag in EVENT_TAGS:
        r = s.w / 2
        cx, cy = s.x + r, s.y + r
        ring = 4 if s.tag == "endEvent" else width
        inner = (f'<circle cx="{cx}" cy="{cy}" r="{r - 4}" fill="none" stroke="{stroke}"/>'
                 if s.tag in ("intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent") else "")
        return (f'<g {data}>{tooltip}<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="{ring}"/>{inner}{_wrapped(s.name, cx, s.y + s.h + 14, 120)}</g>')
    if s.tag in GATEWAY_TAGS:
        cx, cy = s.x + s.w / 2, s.y + s.h / 2
        marker = "+" if s.tag == "parallelGateway" else ("O" if s.tag == "inclusiveGateway" else "×")
        return (f'<g {data}>{tooltip}<polygon points="{cx},{s.y} {s.x + s.w},{cy} {cx},{s.y + s.h} {s.x},{cy}" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/><text x="{cx}" y="{cy + 6}" '
                f'text-anchor="middle" font-size="18">{marker}</text>{_wrapped(s.name, cx, s.y - 8, 140)}</g>')
    return (f'<g {data}>{tooltip}<rect x="{s.x}" y="{s.y}" width="{s.w}" height="{s.h}" fill="{fill}" '
            f'stroke="{stroke}" stroke-dasharray="4 3"/>{_wrapped(s.name, s.x + s.w / 2, s.y + s.h / 2, s.w)}</g>')


def _wrapped(text: str, cx: float, cy: float, max_width: float) -> str:
    if not text:
        return ""
    per_line = max(6, int(max_width / 6.5))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    top = cy - (len(lines) - 1) * 7 + 4
    spans = "".join(f'<tspan x="{cx:.0f}" y="{top + i * 14:.0f}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text text-anchor="middle">{spans}</text>'


def _legend(x: float, y: float, used: Iterable[str], words: Mapping[str, str]) -> str:
    labels = {"done": "afgerond / done", "active": "open taak / open task", "waiting": "wacht / waiting"}
    labels = {k: words.get(k, v) for k, v in labels.items()}
    shown = [s for s in ("done", "active", "waiting") if s in set(used)]
    parts = []
    for i, state in enumerate(shown):
        fill, stroke = STATE_STYLE[state]
        parts.append(f'<rect x="{x + i * 190}" y="{y - 10}" width="14" height="14" fill="{fill}" stroke="{stroke}"/>'
                     f'<text x="{x + i * 190 + 20}" y="{y + 2}">{escape(labels[state])}</text>')
    return "".join(parts)
