"""The panel's preview of the letter its decision would produce, before confirming it: rendered exactly
as it would be issued today, but not stored, not logged as issued and not delivered (letters.preview).
The letter type follows the models' convention: `<decision>_<outcome>` (or `<decision>`)."""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from engine.application import cases as case_uses
from engine.application import tasks as task_uses
from engine.errors import NotFound, ValidationFailed
from letters.catalogue import CATALOGUE
from letters.preview import render_step_preview
from web.form_render import parse_submission
from web.pages.casework import render_task_form
from web.pages.common import services
from web.route_policy import current_actor, policy

bp = Blueprint("preview", __name__, url_prefix="/cases")


def letter_type_for(decision: str | None, outcome: object) -> str | None:
    if not decision:
        return None
    for candidate in (f"{decision}_{outcome}", decision):
        if candidate in CATALOGUE:
            return candidate
    return None


@bp.post("/<int:case_id>/tasks/<task_id>/preview")
@policy("task.complete", case_arg="case_id")
def letter_preview(case_id: int, task_id: str):  # type: ignore[no-untyped-def]
    """The step is run without saving (the same validation as the final submit); the letter it would ask
    for is rendered from the model's own payload, so the preview is the letter that will be issued."""
    svc, actor = services(), current_actor()
    acting = task_uses.acting_in_lane(svc, actor, g.case_relations, case_id, task_id)
    case = case_uses.read_case(svc, acting, case_id)
    task = next(t for t in case.tasks if t.id == task_id)
    values, errors = parse_submission(task.form_schema, request.form)
    if letter_type_for(task_uses.task_decision(svc, case, task), values.get("outcome")) is None and not errors:
        raise NotFound("this task produces no letter")
    if not errors:
        try:
            data, letters = task_uses.preview_completion(svc, acting, case_id, task_id, values)
            if not letters:
                raise NotFound("this step asks for no letter")
            payload = letters[0]
            pdf = render_step_preview(case.reference, data, payload, svc.clock.now())
            return Response(
                pdf,
                mimetype="application/pdf",
                headers={"Content-Disposition": f'inline; filename="voorbeeld-{payload["letter_type"]}.pdf"'},
            )
        except ValidationFailed as failure:
            errors = {k.removeprefix("payload."): v for k, v in failure.errors.items()}
    return render_task_form(case, task, values, errors, may_preview=True), 422
