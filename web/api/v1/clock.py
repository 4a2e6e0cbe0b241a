"""Training mode only: move the shared virtual clock and fire what falls due (404 otherwise)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint

from engine.application.training import advance_clock
from web.api.v1 import schemas as s
from web.route_policy import policy

blp = Blueprint("api_clock", __name__, url_prefix="/api/v1", description="Training clock")


@blp.route("/clock/advance", methods=["POST"])
@policy("clock.advance")
@blp.arguments(s.ClockAdvanceSchema)
@blp.response(200, s.ClockSchema)
def advance(body: dict[str, Any]):  # type: ignore[no-untyped-def]
    moved = advance_clock(current_app.extensions["erkend"], body["term"])
    return {"now": moved.now, "fired": moved.fired}
