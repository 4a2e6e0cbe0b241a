"""/api/v1: cases, tasks, messages, events, parties, audit export and the training clock."""

from __future__ import annotations

from flask_smorest import Blueprint


def blueprints(training: bool) -> list[Blueprint]:
    """The training clock exists only in training mode: elsewhere neither the route nor the OpenAPI
    document has it (the document describes what the API does)."""
    from web.api.v1 import admin, cases, clock, letters

    return [cases.blp, letters.blp, *([clock.blp] if training else []), admin.blp]
