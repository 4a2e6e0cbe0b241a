"""Writes processes/README.md and the diagrams under processes/diagrams/ from the models themselves
(the executed BPMN files and the policy files), so the documentation cannot drift from what runs.

Run: python -m processes.tools.build_docs   (tests/processes/test_documentation.py checks it is current)
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from lxml import etree

from engine.diagram import render_svg
from engine.legal_values import load_policy

ROOT = Path(__file__).resolve().parent.parent
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
      "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}
MODEL_FILES = [("referral.bpmn", "shared"), ("procedure.bpmn", "shared"), ("shelter_placement.bpmn", "shared"),
               ("police_offer.bpmn", "shared"),
               ("identification.bpmn", "nl-current (and default)"),
               ("variants/nl-decoupled/identification.bpmn", "nl-decoupled"), ("residence.bpmn", "shared"),
               ("minors.bpmn", "shared"), ("eu_shelter.bpmn", "shared"), ("non_punishment.bpmn", "nl-current (and default)"),
               ("variants/nl-decoupled/non_punishment.bpmn", "nl-decoupled"), ("objection.bpmn", "shared"),
               ("objection_residence.bpmn", "shared"), ("objection_reflection.bpmn", "shared"),
               ("variants/uk-devolved/identification.bpmn", "uk-central and uk-devolved")]
INTRO = """# Procedure models

The procedure for identifying and protecting victims of human trafficking, as executable BPMN 2.0 (with
diagram interchange: every model opens in bpmn.io or Camunda Modeler) and one DMN table. Names are Dutch,
the language of the procedure; documentation inside the models is English. Lanes name the role that acts.

## Source of truth and linters

- **The Python declaration is the source.** `processes/tools/model_*.py` declare each process (lanes, nodes,
  flows, names, documentation) with the small builder `processes/tools/bpmn_builder.py`;
  `python -m processes.tools.build_models` writes every `.bpmn` file here and in `variants/`, and
  `routing.dmn`. A test fails when a committed file differs from what its declaration writes.
- **The `.bpmn` files are generated and view-only in a modeller.** Open them in bpmn.io or Camunda Modeler to
  read them or to sketch a change, but carry every change back into the declaration: the next build
  overwrites an edit saved in a modeller. The builder draws the diagram itself and makes every merge of flows
  an explicit joining gateway (`<id>_join`, unnamed): a declaration may let flows meet at a task, an event or
  a gateway that also forks; the file never does.
- **Hand-written**: `reference.bpmn` and `reference_review.bpmn`, the engine's small reference models; edit
  those directly.
- **Two linters.** `erkend processes check` validates every model for the engine and the procedure's rules
  (timers name a policy value; every decision is followed by a letter request; the decoupled identification
  reads nothing from the criminal investigation; no lane mixes investigation and panel roles). bpmnlint checks
  the files as BPMN, with its recommended rules and none turned off (`.bpmnlintrc`; run
  `npx bpmnlint 'processes/**/*.bpmn'` after `npm ci`); `tests/processes/test_bpmn_lint.py` fails on any
  error it reports.
- This file and `diagrams/*.svg` are generated too, by `python -m processes.tools.build_docs`, from the models
  and policy files.

## Variants

| variant | what differs | files of its own |
|---|---|---|
| `nl-current` | identification by police/KMar (the offer of the reflection period); residence tied to a report (Vc 2000 B8/3); the public prosecutor assesses non-punishment himself at the prosecution decision | `variants/nl-current/policy.json` (its models are the top-level files) |
| `nl-decoupled` | a multidisciplinary panel identifies independently of the investigation; a positive identification opens residence without a report; the panel's outcome is an appealable decision (or, with `panel_outcome` = `advice`, advice on which the IND decides); the panel advises the prosecutor on non-punishment | `variants/nl-decoupled/identification.bpmn`, `variants/nl-decoupled/non_punishment.bpmn`, `variants/nl-decoupled/policy.json` |
| `uk-central`, `uk-devolved` | UK-like (National Referral Mechanism), for the policy simulation: a central body takes the reasonable-grounds and, after a 30-day recovery period, the conclusive-grounds decision; in `uk-devolved` (`child_decisions` = `local`) a local multi-agency child panel (lane `local_panel`, no access role: these variants are for simulation) decides on children after asking its partners, both decisions at one sitting; residence and non-punishment as in the decoupled variant and the current procedure | `variants/uk-central/identification.bpmn`, `variants/uk-devolved/identification.bpmn` (the same model), each with its `policy.json` |

A variant shares every file that does not differ (`processes/*.bpmn`, `routing.dmn`, `policy.json`). A case
records its variant and the content hash of the models it started on, and keeps running on them; it also
keeps the policy values it started under (they are copied into the case as `policy`).

## How the procedures run: side by side, sharing case facts

A case is the person's file. `procedure` runs `referral` (registration, safety, consent, routing) and then
forks: every procedure of the person runs as a branch of its own, with its own position, deadlines and
diagram, and starts when its rule says so, not when another ends:

| procedure | starts | process |
|---|---|---|
| shelter and placement (36 hours from the signal) | at once, with consent | `shelter_placement` |
| EU citizen's exemption | at once, for an EU citizen with consent | `eu_shelter` |
| minors' route | at once, for a minor or an age in doubt | `minors` |
| identification | at once (without consent: the police's offer, `police_offer`) | `identification` |
| non-punishment | once the first assessment is known (the police's indication, or the panel's first stage) | `non_punishment` |
| reflection period and residence (B8/3) | at the first indication (`indication_by`: the police, or the coordinator's registration when decoupled) | `residence` |

**Why one workflow with parallel branches**, and not an instance per procedure correlated by case: the
engine already stores, locks, versions and audits one workflow per case in one transaction, so a step that
touches two procedures (a missing child pausing them all) commits or fails as one; timers, open tasks and
letters need no cross-instance bookkeeping; and the case file and a simulation replay one state. What
SpiffWorkflow does not give parallel branches, shared data, the engine adds: **case facts**
(`engine/case_facts.py`) live once in the workflow's own data, are read with `fact(name)` and written with
`record_fact(name, value)` only by the model tasks the catalogue names for that fact (`erkend processes
check` refuses any other writer), and each change is logged as `fact_recorded` (fact, version, writing task,
moment; never the value). A changed fact wakes the branches waiting for it (the engine's internal message
`internal.fact.<name>`, which no one outside can send); a branch looks at the fact before it waits, so an
earlier change is never missed. No procedure reads another's task data.

Events about the whole person are heard by the case whatever runs (the branch "Gebeurtenissen voor alle
procedures" in `procedure`): a missing child pauses every procedure's deadlines where they stand and resumes
them with the time they had left (their timers show as `paused`; the 18th birthday never pauses); an asylum
application re-routes the case by the routing table (a Dublin claimant's reflection period becomes 30 days
from its start; outside Dublin, stay moves to the asylum procedure and the reflection period ends by a letter
that names the lawful stay under art. 8 sub f Vw 2000); a report filed or withdrawn and the
criminal case's outcomes become facts. The 18th birthday records the person as an adult, ends the
guardian's role and stops the minors' route; letters read the facts, so none treats an adult as a minor.

Design choices worth knowing:
- **Escalations** (36-hour placement, counted from the signal's date and time; 5 working days first stage, 24-hour permit decision, decision on
  objection) are non-interrupting: the task stays open and a separate escalation task appears.
- **Permit milestones**: one timer waits for the earlier of the permit's yearly end and 3 years of holding
  it (an event-based gateway holds one timer in SpiffWorkflow).
- **Letters**: a decision requests its letter by throwing the message `issue_letter` with the letter type
  and the decision's fields; the letters catalogue renders it. Each process below lists the letters it requests.
- **Objection against IND decisions**: a refusal or withdrawal of the permit (or a refusal of continued
  residence) opens `objection_residence` (4 weeks, art. 69 Vw 2000); upheld, the IND decides again or the
  permit runs on.
- **Objection against the refusal of the reflection period**: where the policy value `reflection_offer` gives
  the refusal a remedy of objection, the refusal opens `objection_reflection`, decided by the body that
  refused (lane `police`: police or KMar), within that remedy's term; its letters come from that body.
- **An objection after the case closed**: an objection received after the term and the late window, once
  every procedure has ended, reopens the case (`engine.case_reopening`): the objection procedure of the
  decision objected to starts as a new procedure of the same case, with the case's data and facts and the
  objection already received. Any objection received after its term has its lateness assessed first
  (posted in time, art. 6:9 lid 2 Awb; excusable, art. 6:11 Awb); inadmissible, it gets its own letter.
- **Second review**: the panel's negative final decision goes to members who did not take it; the model
  sends the review back while the two groups overlap.
- **Reconsideration of the final decision**: while the objection term of a confirmed negative final decision
  runs, the person may ask for reconsideration within `reconsideration_term` (counted from sending); members
  who took neither the decision nor its review reconsider it. A late request leaves the objection term
  running; an objection lodged in the window is taken at once; a reconsidered negative decision opens its
  own objection term.
- **Advice to the IND** (`panel_outcome` = `advice`): the panel's final outcome is advice without remedy;
  for a third-country national the IND decides on residence on the ground of the advice (`ind_on_advice`,
  departing from it needs reasons), a decision under the Aliens Act: refusal letter and objection to the IND
  within 4 weeks (art. 69 Vw 2000). A permit granted on advice runs on in `residence`. For a Dutch or EU
  national there is no IND decision to take; the advice stands.
- **Non-punishment**: in the current procedure the public prosecutor assesses it himself (Aanwijzing
  mensenhandel), in the `prosecutor` lane; his prosecution decision is criminal-procedural and reaches the
  person through the criminal case, so no letter is requested. In the decoupled variant the panel advises
  him and his answer comes back as a message.
- **Dublin claimants**: a report counts for B8/3 only within 3 months of the asylum application
  (`dublin_report_term`); a late report goes to the IND's permit decision without the leads assessment.
- **EU citizens and their family members**: a third-country family member of an EU citizen derives rights
  from Union law and takes the EU route, not B8/3 by default. Whether the person has rights under Union law
  rests on recorded facts: the basis of residence (the bases in `union_residence_bases`, unverified) or 5
  years of lawful residence counted from its recorded start, not from mere presence; the routing table reads
  that status and is evaluated again when the EU route records it. With rights under Union law no B8/3; in
  the first 5 years of lawful residence (`eu_exemption_years`) the IND decides on a shelter exemption on a police or medical statement that
  reporting is impossible (decision `eu_shelter_exemption`, letter `eu_exemption_granted` or
  `eu_exemption_refused`, brief L14). A refusal opens objection within 4 weeks (art. 69 Vw 2000) in
  `objection_residence`; upheld, the IND decides again. Identification runs beside this route and never waits for it. Without rights under
  Union law the person follows B8/3.
- **Criminal case**: the permit runs for the trial in feitelijke aanleg, so an acquittal at first instance
  with an appeal pending ends nothing (the message says the instance and whether it is final); after a report
  withdrawn under threat the IND asks the police for a statement (`threat_statement_term`, unverified): a
  confirmed threat keeps the permit on the ground that the person cannot cooperate (letter: the ground
  changed), and a later dismissal does not end it; no statement in time, or a denied threat, leads to the
  withdrawal decision.
- **Witness-reporters** who are not victims have a residence status and track of their own (`b83_witness`):
  no reflection period, no identification and no non-punishment assessment; the IND decides on the permit on
  ground (c) at once.
- **The reflection period is offered, or refused, by police/KMar** (Vc 2000 B8/3.1), not by the IND; in
  `nl-decoupled` by the body the variant names (`reflection_offer`, assumed: the referral desk). The fact
  `reflection_offered_by` names who made it, and that body signs the letter. Its legal nature, the basis that
  opens objection (art. 72 lid 3 Vw 2000, unverified) and the remedy are the policy value `reflection_offer`.
  A "no indication" ends nothing silently: a third-country national gets `reflection_refused` with the
  reasons, anyone else `no_indication_notice`.
- **Notice of intended decision** (`intended_decision`, art. 4:8 Awb before a withdrawal, art. 4:7 Awb before
  refusing the permit, its extension, continued residence or residence on the panel's advice, all unverified;
  `intended_decision_before`): the IND's reasons, a letter naming the last day to respond
  (`intended_decision_response`, 4 weeks, assumed), then the person's view or the end of that term, then the
  final decision. After the view the IND may keep the permit. After an upheld objection the IND decides again
  without a second notice (art. 7:2 and 4:11 sub b Awb). No notice where the law asks none: the reflection
  period ending by its term, on the person's own statement or her own withdrawal of the report (art. 4:8 lid 1
  sub b), the police's refusal of the reflection period at the first contact (art. 4:11 sub a), a Union
  citizen's exemption refused on the statement she supplied (art. 4:7 lid 1 sub b).
- **A witness-reporter's permit** (ground (c), unverified) is withdrawn on its own ground (`withdrawal_witness`:
  art. 19 Vw and art. 3.48 lid 1 sub c Vb), after a dismissal, a final acquittal or the report withdrawn; a report
  withdrawn under threat does not carry it to ground (d), which is for victims.
- **The permit's end while the IND waits for the statement on threats**: one timer holds the nearer of the
  two moments; at the permit's end the stay stays lawful pending the extension (art. 8 sub g Vw 2000, unverified:
  `lawful_stay_basis`) and a letter (`residence_extension_pending`) tells the person so, and once the statement is in or its term has ended the IND decides on the extension
  (on ground (d) if the threat is confirmed), not on withdrawing a permit that has run out; an extension runs
  on from the old end.
- **The police/KMar's assessment is a decision** (`reflection_offer`: `indication` or `no_indication`) in the
  decisions table, the case file and the figures; it does not by itself open the case to the IND.

Not modelled (yet): a reminder at 75 % of the reflection period; a working-day deadline paused for a
missing child moves by the calendar time it was paused (it is not recounted in working days); a letter for the prosecutor's decision in the current procedure
(criminal-procedural, brief L12); reconsideration of the panel's advice in the `advice` setting; a hearing
before a Union citizen's exemption is refused on data other than her own; a decision on the extension when
the permit ends while the IND's decision to withdraw it is already open (after the person's view or the end of
her term to respond; the withdrawal is decided, possibly from an earlier date); what follows an objection upheld after the case was reopened for it (the decision and its letter are
recorded, no new decision on residence is taken).
"""


def _policy_refs(expr: str) -> list[str]:
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return []
    return sorted({n.slice.value for n in ast.walk(tree) if isinstance(n, ast.Subscript)
                   and isinstance(n.value, ast.Name) and n.value.id == "policy"
                   and isinstance(n.slice, ast.Constant)})


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").replace("|", "\\|").strip()


def _lane_of(process: etree._Element) -> dict[str, str]:
    return {ref.text or "": lane.get("name", "") for lane in process.iterfind(".//bpmn:lane", NS)
            for ref in lane.iterfind("bpmn:flowNodeRef", NS)}


def _prop(task: etree._Element, name: str) -> str:
    for p in task.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS):
        if p.get("name") == name:
            return p.get("value", "")
    return ""


def process_section(rel: str, variant: str, policy: dict) -> tuple[str, str, str]:
    tree = etree.parse(str(ROOT / rel)).getroot()
    process = tree.find("bpmn:process", NS)
    pid, name = process.get("id"), process.get("name")
    messages = {m.get("id"): m.get("name") for m in tree.iterfind("bpmn:message", NS)}
    lanes = _lane_of(process)
    if "variants/uk-" in rel:  # the UK-like model reads values only its own policy files have
        policy = load_policy("uk-devolved")
    suffix = "-decoupled" if "nl-decoupled" in rel else "-uk" if "variants/uk-" in rel else ""
    svg_name = f"diagrams/{pid}{suffix}.svg"
    out = [f"## {name} (`{pid}`, {variant})", "", f"File: `{rel}`. {_cell(process.findtext('bpmn:documentation', '', NS))}", "",
           f"![{name}]({svg_name})", "", "Lanes: " + ", ".join(f"`{lane.get('name')}`" for lane in process.iterfind('.//bpmn:lane', NS)), ""]
    tasks = list(process.iterfind("bpmn:userTask", NS))
    if tasks:
        out += ["| task | name | role | form | decision | what it is for |", "|---|---|---|---|---|---|"]
        out += [f"| `{t.get('id')}` | {t.get('name')} | `{lanes.get(t.get('id'), '')}` | `{_prop(t, 'formKey')}` | "
                f"{('`' + _prop(t, 'decision') + '`') if _prop(t, 'decision') else ''} | {_cell(t.findtext('bpmn:documentation', '', NS))} |"
                for t in tasks]
        out.append("")
    others = [n for n in process if etree.QName(n).localname in ("scriptTask", "businessRuleTask", "callActivity")]
    if others:
        out += ["| step | name | kind | does |", "|---|---|---|---|"]
        for n in others:
            kind = etree.QName(n).localname
            does = (f"calls `{n.get('calledElement')}`" if kind == "callActivity" else
                    f"DMN `{n.findtext('.//spiffworkflow:calledDecisionId', '', NS)}`" if kind == "businessRuleTask"
                    else f"`{_cell(n.findtext('bpmn:script', '', NS))}`")
            out.append(f"| `{n.get('id')}` | {n.get('name')} | {kind} | {does} |")
        out.append("")
    gateways = [g for g in process.iterfind("bpmn:exclusiveGateway", NS) if g.get("name")]
    if gateways:
        out += ["| choice | question | routes (condition) |", "|---|---|---|"]
        for g in gateways:
            routes = []
            for f in process.iterfind("bpmn:sequenceFlow", NS):
                if f.get("sourceRef") == g.get("id"):
                    cond = f.findtext("bpmn:conditionExpression", "", NS)
                    when = f"`{_cell(cond)}`" if cond else ("otherwise" if g.get("default") == f.get("id") else "")
                    routes.append(f"{f.get('name') or f.get('targetRef')}: {when}")
            out.append(f"| `{g.get('id')}` | {g.get('name')} | {'; '.join(routes)} |")
        out.append("")
    timers = [n for n in process.iter() if n.find("bpmn:timerEventDefinition", NS) is not None]
    if timers:
        out += ["| timer | name | when | term (policy) | legal source |", "|---|---|---|---|---|"]
        for n in timers:
            expr = n.findtext(".//bpmn:timeDate", "", NS)
            refs = _policy_refs(expr)
            terms = "; ".join(f"`{r}` = {policy[r].get('term', policy[r].get('value'))} ({policy[r].get('rule', 'value')})" for r in refs)
            sources = "; ".join(_cell(policy[r]["source"]) for r in refs)
            kind = "boundary, " + ("interrupting" if n.get("cancelActivity") != "false" else "non-interrupting") \
                if etree.QName(n).localname == "boundaryEvent" else "waits"
            out.append(f"| `{n.get('id')}` | {n.get('name')} | {kind}: `{_cell(expr)}` | {terms} | {sources} |")
        out.append("")
    caught, thrown, letters = [], [], []
    for n in process.iter():
        for d in n.iterfind("bpmn:messageEventDefinition", NS):
            msg = messages.get(d.get("messageRef"))
            local = etree.QName(n).localname
            if local == "intermediateThrowEvent":
                payload = d.findtext(".//spiffworkflow:messagePayload", "", NS)
                if msg == "issue_letter":
                    letter = re.search(r'"letter_type": "([a-z_]+)"', payload)
                    letters.append(f"`{letter.group(1) if letter else '?'}` ({n.get('name')})")
                else:
                    thrown.append(f"`{msg}` ({n.get('name')})")
            else:
                var = d.findtext(".//spiffworkflow:messageVariable", "", NS)
                caught.append(f"`{msg}` → `{var}` ({n.get('name')})")
    for label, items in (("Messages received", caught), ("Messages sent", thrown), ("Letters requested", letters)):
        if items:
            out += [f"{label}: " + "; ".join(items) + ".", ""]
    return pid, svg_name, "\n".join(out)


def policy_section() -> str:
    shared = json.loads((ROOT / "policy.json").read_text(encoding="utf-8"))
    out = ["## Legal values (policy files)", "",
           "Every term and threshold the models use, with its legal source. `rule`: how `engine.deadlines` counts "
           "(calendar; working-days; statutory = Algemene termijnenwet). Entries marked as a design choice or "
           "unverified are configurable on purpose.", "",
           "| entry | nl-current | nl-decoupled | rule | source |", "|---|---|---|---|---|"]
    current, decoupled = load_policy("nl-current"), load_policy("nl-decoupled")
    for key in shared:
        if key in ("version", "description"):
            continue
        value = lambda p: p[key].get("term", p[key].get("value"))  # noqa: E731
        source = decoupled[key]["source"] if value(current) != value(decoupled) else current[key]["source"]
        out.append(f"| `{key}` | {value(current)} | {value(decoupled)} | {current[key].get('rule', 'value')} | {_cell(source)} |")
    out += ["", "The UK-like variants' own values (the others as in the table above):", "",
            "| entry | uk-central | uk-devolved | rule | source |", "|---|---|---|---|---|"]
    central, devolved = load_policy("uk-central"), load_policy("uk-devolved")
    for key in sorted(set(central) | set(devolved)):
        if key in ("version", "description") or (key in current and central.get(key) == current[key]):
            continue
        value = lambda p: p[key].get("term", p[key].get("value"))  # noqa: E731
        out.append(f"| `{key}` | {value(central)} | {value(devolved)} | {devolved[key].get('rule', 'value')} | "
                   f"{_cell(devolved[key]['source'])} |")
    return "\n".join(out) + "\n"


def routing_section() -> str:
    tree = etree.parse(str(ROOT / "routing.dmn")).getroot()
    ns = {"dmn": tree.nsmap[None]}
    out = ["## Routing table (`routing.dmn`, decision `routing`)", "",
           _cell(tree.findtext(".//dmn:decision/dmn:description", "", ns)), "",
           "| adult? | residence status | suspected? | route | residence track | non-punishment | note |",
           "|---|---|---|---|---|---|---|"]
    for rule in tree.iterfind(".//dmn:rule", ns):
        cells = [c.findtext("dmn:text", "", ns) for c in rule if etree.QName(c).localname in ("inputEntry", "outputEntry")]
        out.append("| " + " | ".join(f"`{c}`" for c in cells) + f" | {_cell(rule.findtext('dmn:description', '', ns))} |")
    return "\n".join(out) + "\n"


SCENARIO_MODULES = ("test_adult_victim", "test_intake", "test_residence", "test_minors", "test_objection",
                    "test_final_reconsideration", "test_panel_advice",
                    "test_non_punishment", "test_eu_citizen")


def scenarios_section() -> str:
    """The scripted cases in tests/processes that run these models from referral to closure."""
    tests = ROOT.parent / "tests" / "processes"
    out = ["## Scenarios (tests/processes)", "",
           "Scripted cases run on the virtual clock with task data, messages and clock moves; each asserts the route "
           "taken, the decisions, the deadlines' dates and the letters owed.", ""]
    for module in SCENARIO_MODULES:
        tree = ast.parse((tests / f"{module}.py").read_text(encoding="utf-8"))
        out.append(f"- `{module}.py`: {_cell((ast.get_docstring(tree) or '').split(chr(10) * 2)[0])}")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                out.append(f"  - {node.name[5:].replace('_', ' ')}")
    return "\n".join(out) + "\n"


def main() -> None:
    policy = load_policy("nl-decoupled")
    sections = [INTRO, scenarios_section(), policy_section(), routing_section()]
    (ROOT / "diagrams").mkdir(exist_ok=True)
    for rel, variant in MODEL_FILES:
        pid, svg_name, text = process_section(rel, variant, policy)
        sections.append(text)
        title = etree.parse(str(ROOT / rel)).getroot().find("bpmn:process", NS).get("name")
        (ROOT / svg_name).write_text(render_svg((ROOT / rel).read_bytes(), pid, title=title), encoding="utf-8")
    (ROOT / "README.md").write_text("\n".join(sections), encoding="utf-8")
    print("wrote processes/README.md and processes/diagrams/")


if __name__ == "__main__":
    main()
