"""The case file and task forms, for every role that may read cases (what each sees is disclosure's
whitelist). One person's procedures side by side: each process the case runs (the top-level process
and the procedures it called) gets its own column of open tasks and, where the model has a diagram,
its current position drawn on it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from engine.access import disclosure
from engine.access.rules import ROLES
from engine.application import cases as case_uses
from engine.application import letters as letter_uses
from engine.application import messages as message_uses
from engine.application import parties as party_uses
from engine.application import tasks as task_uses
from engine.application.messages import sendable
from engine.errors import NotFound, NotPermitted, ValidationFailed
from engine.next_steps import next_steps
from engine.remedies import remedy_action
from forms.vocabulary import KINDS, PROCESSES
from web.casefile import completable_tasks, deadlines
from web.form_render import form_fields, parse_submission, translate
from web.pages.common import lang, services
from web.pages.message_form import message_form, submit
from web.person import person_rows, remedy_terms, running_deadlines, running_procedures
from web.presenting import case_data, label
from web.route_policy import current_actor, policy

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.get("/<int:case_id>")
@policy("case.read", case_arg="case_id")
def case_file(case_id: int):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    case, drawn = case_uses.read_case_with_diagrams(svc, actor, case_id, _diagram_words())  # audited read
    events = svc.cases.events(case_id)
    role = actor.role
    tasks = completable_tasks(case, actor.roles, g.case_relations) if disclosure.shows(role, "tasks") else []
    diagrams = _inline(drawn)
    procedures = _procedures(case, tasks, list(diagrams))
    summary = disclosure.case_summary(role, case)
    parties = []
    may_manage = "coordinator" in actor.roles and case.status == "running"
    people = party_uses.linked_people(svc, case_id, manage=may_manage, case_data=case.data)
    if disclosure.shows(role, "parties"):
        parties = [(p.kind, people.name(p.username)) for p in people.linked]
    now = svc.clock.now()
    letters = letter_uses.list_letters(svc, actor, case_id, missing_ok=True)
    running = []
    if disclosure.shows(role, "deadlines"):
        running = running_deadlines(deadlines(svc, case, lang()), remedy_terms(letters, events, now, lang()))
    messages = sendable(actor.roles, case.waiting_messages) if case.status == "running" else []
    late_objection = (message_uses.objectable_letters(svc, case_id)
                      if message_uses.may_lodge_after_closure(actor, g.case_relations, case.status) else [])
    for deadline in running:
        deadline["action"] = remedy_action(deadline, messages)
    return render_template(
        "case.html",
        case=case,
        role=role,
        summary=summary,
        data_rows=case_data(summary["data"], lang()) if "data" in summary else [],
        timeline=_named(svc, disclosure.timeline(role, events)),
        decisions=disclosure.decisions(role, svc.cases.decisions(case_id)),
        deadlines=running,
        person=person_rows(role, case, parties, lang(), now),
        procedures_running=running_procedures(case, lang()),
        next_deadline=next((d for d in running if not d["paused"]), None),
        tasks=tasks,
        procedures=procedures,
        running_procedures=len(case.running_procedure_ids),
        diagrams=diagrams,
        parties=parties,
        may_manage_parties=may_manage,
        link_choices=people.choices,
        show_next=case.status == "running" and disclosure.shows(role, "tasks"),
        next_steps=next_steps(case.tasks, tasks, (p.kind for p in people.linked)) if case.status == "running" and disclosure.shows(role, "tasks") else [],
        now_=now,
        letters=letters,
        messages=messages,
        late_objection=late_objection,
    )


def _named(svc: Any, timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline with people by the names they are known by, not their user names."""
    users = {e.get("actor") for e in timeline} | {(e.get("details") or {}).get("username") for e in timeline}
    names = party_uses.display_names_of(svc, (u for u in users if isinstance(u, str) and u))
    out = []
    for event in timeline:
        event = dict(event)
        if event.get("actor") in names:
            event["actor"] = names[event["actor"]]
        details = event.get("details") or {}
        if details.get("username") in names:
            event["details"] = {**details, "username": names[details["username"]]}
        out.append(event)
    return out


@bp.route("/<int:case_id>/messages/<name>", methods=["GET", "POST"])
@policy("message.send", case_arg="case_id")
def send_message(case_id: int, name: str):  # type: ignore[no-untyped-def]
    return message_form(case_id, name, url_for("cases.case_file", case_id=case_id, sent=name))


@bp.route("/<int:case_id>/objection-after-closure/<int:letter_id>", methods=["GET", "POST"])
@policy("objection.after_closure", case_arg="case_id")
def objection_after_closure(case_id: int, letter_id: int):  # type: ignore[no-untyped-def]
    """An objection received after the case closed, against the decision of one of its letters: the
    objection's own form; sending it reopens the case (engine.case_reopening)."""
    svc, actor = services(), current_actor()
    letter = next((row for row in message_uses.objectable_letters(svc, case_id) if row["id"] == letter_id), None)
    if letter is None:
        raise NotFound("no such letter open to objection")
    schema = message_uses.message_schema(svc, actor, "objection_lodged")
    sent = submit(schema, lambda values: message_uses.lodge_objection_after_closure(svc, actor, case_id, letter_id,
                                                                                    values),
                  url_for("cases.case_file", case_id=case_id, reopened=1))
    if sent.done is not None:
        return sent.done
    return render_template("objection_after_closure.html", case_id=case_id,
                           reference=case_uses.case_reference(svc, case_id), letter=letter,
                           fields=form_fields(schema, lang(), sent.values, sent.errors),
                           has_errors=bool(sent.errors)), sent.status


@bp.get("/<int:case_id>/diagrams/<process_id>")
@policy("case.read", case_arg="case_id")
def diagram(case_id: int, process_id: str):  # type: ignore[no-untyped-def]
    """One procedure's diagram at full size with the case's position and the legend; plain HTML and
    SVG, no script (issue 11, item 8)."""
    svc, actor = services(), current_actor()
    if not disclosure.shows(actor.role, "diagram"):
        raise NotPermitted("this role sees no diagrams")
    case = case_uses.read_case(svc, actor, case_id)  # audited read
    drawn = _diagrams(svc, case_id)
    if process_id not in drawn:
        raise NotFound("no diagram of this procedure in this case")
    title = next((p.title for p in case.procedures if p.process_id == process_id), None)
    return render_template("diagram.html", case=case, process_id=process_id, title=title,
                           svg=drawn[process_id])


def _procedures(case: Any, tasks: list[Any], entered: list[str]) -> list[dict[str, Any]]:
    """The person's procedures side by side, as the engine reports them (title, running or ended, the
    steps each stands at), each with the tasks this reader may complete in it. The top-level process
    comes first: its diagram shows which procedures have started."""
    rows = [{"process_id": case.process_id, "title": None, "status": case.status, "position": (),
             "tasks": [t for t in tasks if t.process_id == case.process_id],
             "waiting": [t.title for t in case.tasks if t.process_id == case.process_id and t not in tasks]}]
    for proc in case.procedures:
        rows.append({"process_id": proc.process_id, "title": proc.title, "status": proc.status,
                     "position": proc.position,
                     "tasks": [t for t in tasks if t.process_id == proc.process_id],
                     "waiting": [t.title for t in case.tasks if t.process_id == proc.process_id and t not in tasks]})
    return rows


def _diagrams(svc: Any, case_id: int) -> dict[str, Markup]:
    """process id -> inline SVG of its model with the case's position (engine.diagram)."""
    return _inline(svc.cases.diagrams(case_id, _diagram_words()))


def _diagram_words() -> dict[str, str]:
    """The reader's words for what a diagram draws: its steps and arrows (named in Dutch by the models),
    procedures, lanes and states."""
    words = {name: label(name, "flow_title", lang()) for name in KINDS["flow_title"]}
    words.update({name: label(name, "step_title", lang()) for name in KINDS["step_title"]})
    words.update({code: label(code, "process", lang()) for code in PROCESSES})
    words.update({code: label(code, "role", lang()) for code in ROLES})
    words.update(done=_("afgerond"), active=_("open taak"), waiting=_("wacht op termijn of bericht"))
    return words


def _inline(drawn: list[tuple[str, str]]) -> dict[str, Markup]:
    """The engine's SVGs, built from the models' diagram interchange with every text escaped, ready to
    inline; ids are made unique per diagram because several are inlined into one page."""
    out = {}
    for index, (process_id, svg) in enumerate(drawn):
        svg = svg.replace('id="arrow"', f'id="arrow-{index}"').replace("url(#arrow)", f"url(#arrow-{index})")
        out[process_id] = Markup(svg)  # nosec B704  # built by engine.diagram with every text escaped
    return out


@bp.route("/<int:case_id>/tasks/<task_id>", methods=["GET", "POST"])
@policy("task.complete", case_arg="case_id")
def task_form(case_id: int, task_id: str):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    acting = task_uses.acting_in_lane(svc, actor, g.case_relations, case_id, task_id)
    case = case_uses.read_case(svc, acting, case_id)
    task = next(t for t in case.tasks if t.id == task_id)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        values, errors = parse_submission(task.form_schema, request.form)
        if not errors:
            version = request.form.get("version", "")
            try:
                if version and not _plain_number(version):
                    raise ValidationFailed({"version": ["geen versienummer / not a version number"]})
                task_uses.complete_task(svc, actor, g.case_relations, case_id, task_id, values,
                                        expected_version=int(version) if version else None)
                return redirect(url_for("cases.case_file", case_id=case_id, done=task.name))
            except ValidationFailed as failure:
                errors = failure.errors
        status = 422
    return render_task_form(case, task, values, errors, task_uses.task_decision(svc, case, task) is not None), status


def render_task_form(case: Any, task: Any, values: dict[str, Any], errors: dict[str, list[str]],
                     may_preview: bool) -> str:
    """The task form with the submitted values and every error at its field (the rest above the form)."""
    fields = form_fields(task.form_schema, lang(), values, errors)
    other = {k: [translate(m, lang()) for m in v] for k, v in errors.items() if k not in {f.name for f in fields}}
    return render_template(
        "task_form.html",
        case=case,
        task=task,
        fields=fields,
        other_errors=other,
        has_errors=bool(errors),
        may_preview=may_preview,
    )


@bp.get("/<int:case_id>/letters/<int:letter_id>.pdf")
@policy("letters.read", case_arg="case_id")
def letter(case_id: int, letter_id: int):  # type: ignore[no-untyped-def]
    summary, pdf = letter_uses.download(services(), current_actor(), case_id, letter_id)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{summary.letter_type}-v{summary.version}.pdf"'
        },
    )


def _plain_number(text: str) -> bool:
    """ASCII digits that fit the version column ("²" is a digit to str.isdigit but not to int())."""
    return text.isascii() and text.isdigit() and len(text) < 10
