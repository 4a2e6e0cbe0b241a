"""A preview of the letter a decision would produce, for the panel before it confirms the decision.

Rendered exactly as an issued letter would be, but not stored, not logged as issued, not delivered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from engine.views import CaseView
from letters.context import build_context
from letters.pdf import html_to_pdf
from letters.render import render_html

_NOON = dt.time(12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def render_preview(
    decision_type: str, case_view: CaseView, payload: Mapping[str, Any], today: dt.date
) -> bytes:
    """The PDF as it would be if sent `today`. Raises ValidationFailed (MissingField) naming any field the
    decision still lacks, so the preview page can show what to fill in."""
    merged = {**dict(payload), "letter_type": decision_type}
    context = build_context(case_view.reference, case_view.data, merged, dt.datetime.combine(today, _NOON))
    return html_to_pdf(render_html(context))


def render_step_preview(reference: str, case_data: Mapping[str, Any], payload: Mapping[str, Any],
                        now: dt.datetime) -> bytes:
    """The PDF exactly as the letter issuer would render it for this step: the case data after the
    step and the payload the model throws (engine.cases.CaseEngine.dry_run_completion), sent `now`."""
    return html_to_pdf(render_html(build_context(reference, case_data, dict(payload), now)))
