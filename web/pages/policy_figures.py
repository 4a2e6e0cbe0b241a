"""Policy makers: pseudonymised aggregates only (engine.queries.aggregates); never a name or reference.
One view at a time: a fixed calendar period (all time, a year, a quarter) and a model variant. Free from/to
dates are not offered: with them a reader could subtract one period from another that overlaps it."""

from __future__ import annotations

import re

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from engine.access.small_groups import MIN_GROUP
from engine.application.figures import Period, policy_figures
from engine.errors import ValidationFailed
from web.pages.common import services
from web.route_policy import policy

bp = Blueprint("policy", __name__, url_prefix="/policy")
PERIOD = re.compile(r"(\d{4})(?:-Q([1-4]))?", re.ASCII)


def _period() -> Period:
    raw = request.args.get("period", "").strip()
    if not raw:
        return Period()
    match = PERIOD.fullmatch(raw)
    if match is None:
        raise ValidationFailed({"period": [_("een jaar (jjjj) of een kwartaal (jjjj-Qn)")]})
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise ValidationFailed({"period": [_("geen aannemelijk jaar")]})
    return Period(year, int(match.group(2)) if match.group(2) else None)


@bp.get("/")
@policy("policy.aggregates")
def figures():  # type: ignore[no-untyped-def]
    svc = services()
    period = _period()
    variants = sorted(svc.library.variants)
    variant = request.args.get("variant", "").strip() or None
    if variant is not None and variant not in variants:
        raise ValidationFailed({"variant": [_("onbekende variant")]})
    shown = policy_figures(svc, period, variant)
    return render_template("policy.html", figures=shown, variants=variants, period=period, variant=variant,
                           min_group=MIN_GROUP)
