"""/api/v1: cases, tasks, messages, events, parties, audit export and the training clock."""

from __future__ import annotations

from flask_smorest import Blueprint


def blueprints() -> list[Blueprint]:
    from web.api.v1 import admin, cases, clock, letters

    return [cases.blp, letters.blp, clock.blp, admin.blp]
