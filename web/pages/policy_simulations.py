"""Policy makers run a simulation scenario in the background and read the comparison of the variants.

The run itself lives in engine.simulation.runs (queued in the database, run by the worker); this module
only reads the request, shows the progress while the run goes on (the page refreshes itself, no script
needed) and shows the comparison, the charts and the report when it is done.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.application import simulations
from engine.application.simulations import RunRefused
from engine.simulation import report
from engine.simulation.runs import EXAMPLES_DIR, MAX_REPLICATIONS, MAX_SCENARIO_BYTES
from forms.vocabulary import kpi_words
from web.pages.common import lang, services
from web.presenting import label
from web.route_policy import current_actor, policy

bp = Blueprint("simulations", __name__, url_prefix="/policy/simulations")
COUNTS = ["reflection", "shelter", "permit", "identified", "protected", "protected_non_reporters"]
DAYS = ["days_to_reflection", "days_to_first_assessment", "days_to_final_decision", "days_to_permit"]


@bp.get("/")
@policy("policy.simulate")
def index():  # type: ignore[no-untyped-def]
    return _index()


def _index(error: RunRefused | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    svc = services()
    return render_template("policy_simulations.html", examples=simulations.examples(), recent=simulations.recent(svc),
                           error=error, error_reason=_reason(error), max_replications=MAX_REPLICATIONS,
                           form=request.form), status


def _reason(error: RunRefused | None) -> str | None:
    if error is None:
        return None
    return error.reason_en if lang() == "en" else error.reason_nl


@bp.post("/")
@policy("policy.simulate")
def submit():  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    try:
        text, file_name = _scenario_from_request()
        replications = _replications_from_request()
        run_id = simulations.submit(svc, svc.wall, actor, text, file_name, replications)
    except RunRefused as error:
        return _index(error, 422)
    return redirect(url_for("simulations.show", run_id=run_id))


def _scenario_from_request() -> tuple[str, str]:
    upload = request.files.get("upload")
    if upload is not None and upload.filename:
        try:
            return upload.read(MAX_SCENARIO_BYTES + 1).decode("utf-8"), upload.filename
        except UnicodeDecodeError as error:
            raise RunRefused("upload", "Het bestand is geen tekst in UTF-8.", "The file is not UTF-8 text.") from error
    picked = request.form.get("example", "")
    by_file = {example.file: example for example in simulations.examples()}
    if picked not in by_file:
        raise RunRefused("example", "Kies een voorbeeldscenario of upload een scenariobestand.",
                         "Pick an example scenario or upload a scenario file.")
    return (EXAMPLES_DIR / picked).read_text(encoding="utf-8"), picked


def _replications_from_request() -> int | None:
    raw = request.form.get("replications", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 3:
        raise RunRefused("replications", "Vul een heel getal in.", "Enter a whole number.")
    return int(raw)


@bp.get("/<int:run_id>")
@policy("policy.simulate")
def show(run_id: int):  # type: ignore[no-untyped-def]
    svc = services()
    view = simulations.get(svc, run_id)
    if view is None:
        abort(404)
    done = simulations.outcome(svc, run_id) if view.status == "done" else None
    return render_template("policy_simulation.html", run=view, result=_result(done) if done else None,
                           has_pdf=done is not None and simulations.report_pdf(svc, run_id) is not None)


def _result(done: simulations.Outcome) -> dict[str, Any]:
    language = lang()
    dutch = language != "en"

    def words(key: str) -> str:
        # a figure the vocabulary does not know yet is shown by its English description, never its code
        return kpi_words(key, language) or described[key].label

    def short(key: str) -> str:
        return label(key, "kpi_short", language)

    columns = [(label(variant, "variant", language), reps) for variant, reps in done.columns]
    compared = report.comparison(columns)
    described = {kpi.key: kpi for kpi, _cells, _diff in compared}
    rows = []
    for kpi, cells, diff in compared:
        rows.append({"label": words(kpi.key),
                     "cells": [report.format_interval(c, kpi.unit, dutch) for c in cells],
                     "difference": report.format_interval(diff, kpi.unit, dutch) if diff else None,
                     "significant": bool(diff and report.significant(diff))})
    charts = [report.bar_chart(_("Mensen die bescherming krijgen"), COUNTS, columns, _("zaken"), short),
              report.bar_chart(_("Tijd vanaf het signaal"), DAYS, columns, _("mediaan dagen"), short)]
    return {"columns": [name for name, _reps in columns], "rows": rows, "charts": charts,
            "assumptions": done.scenario.assumptions(), "question": done.scenario.question,
            "scenario": done.scenario}


@bp.get("/<int:run_id>/report")
@policy("policy.simulate")
def report_file(run_id: int):  # type: ignore[no-untyped-def]
    """The self-contained HTML report (charts inline), to save or send on."""
    done = simulations.outcome(services(), run_id)
    if done is None:
        abort(404)
    page = report.html_report([done.scenario], done.columns, done.view.replications)
    return Response(page, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="simulatie-{run_id}.html"'})


@bp.get("/<int:run_id>/report.pdf")
@policy("policy.simulate")
def report_pdf(run_id: int):  # type: ignore[no-untyped-def]
    """The Dutch PDF report (the same as `erkend simulate --out` writes), to send on."""
    pdf = simulations.report_pdf(services(), run_id)
    if pdf is None:
        abort(404)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="simulatie-{run_id}.pdf"'})
