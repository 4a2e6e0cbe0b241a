"""Policy makers: pseudonymised aggregates only (engine.queries.aggregates); never a name or reference.
Filtered by the period in which cases started and by the model variant they ran under."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from engine.access.small_groups import MIN_GROUP
from engine.application.figures import policy_figures
from engine.errors import ValidationFailed
from web.pages.common import services
from web.route_policy import policy

bp = Blueprint("policy", __name__, url_prefix="/policy")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _day(name: str) -> dt.date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed({name: [_("geen geldige datum (jjjj-mm-dd)")]}) from None
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise ValidationFailed({name: [_("geen aannemelijke datum")]})
    return day


def _start(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), AMSTERDAM) if day else None


@bp.get("/")
@policy("policy.aggregates")
def figures():  # type: ignore[no-untyped-def]
    svc = services()
    since, until = _day("period_from"), _day("period_to")
    if since and until and until < since:
        raise ValidationFailed({"period_to": [_("ligt vóór het begin van de periode")]})
    variants = sorted(svc.library.variants)
    variant = request.args.get("variant", "").strip() or None
    if variant is not None and variant not in variants:
        raise ValidationFailed({"variant": [_("onbekende variant")]})
    shown = policy_figures(svc, _start(since), _start(until + dt.timedelta(days=1)) if until else None, variant)
    return render_template("policy.html", figures=shown, variants=variants, since=since, until=until,
                           variant=variant, min_group=MIN_GROUP)
