"""Training mode only: move the shared virtual clock and fire what falls due (404 otherwise)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint

from engine.deadlines import InvalidTerm
from engine.errors import ValidationFailed
from engine.store.training_clock import StoredOffsetClock, term_delta
from web.api.v1 import schemas as s
from web.route_policy import policy

blp = Blueprint("api_clock", __name__, url_prefix="/api/v1", description="Training clock")


@blp.route("/clock/advance", methods=["POST"])
@policy("clock.advance")
@blp.arguments(s.ClockAdvanceSchema)
@blp.response(200, s.ClockSchema)
def advance(body: dict[str, Any]):  # type: ignore[no-untyped-def]
    services = current_app.extensions["erkend"]
    clock = services.clock
    if not isinstance(clock, StoredOffsetClock):
        raise ValidationFailed({"term": ["this clock cannot be moved"]})
    try:
        now = clock.advance(term_delta(clock.now(), body["term"]))
    except (InvalidTerm, ValueError, OverflowError) as error:
        raise ValidationFailed({"term": ["not an ISO 8601 term such as P3M, P6W or PT36H"]}) from error
    return {"now": now, "fired": services.cases.fire_due_timers(limit=10_000)}
