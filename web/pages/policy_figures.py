"""Policy makers: pseudonymised aggregates only (engine.policy.aggregates); never a name or reference."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.application.figures import policy_figures
from web.pages.common import services
from web.route_policy import policy

bp = Blueprint("policy", __name__, url_prefix="/policy")


@bp.get("/")
@policy("policy.aggregates")
def figures():  # type: ignore[no-untyped-def]
    return render_template("policy.html", figures=policy_figures(services()))
