"""Server-rendered pages, a blueprint per audience."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    from web.pages import (
        admin,
        casework,
        coordinator,
        home,
        ind,
        overviews,
        partners,
        policy_figures,
        policy_simulations,
        preview,
    )

    return [
        home.bp,
        casework.bp,
        coordinator.bp,
        overviews.lawyer_bp,
        overviews.guardian_bp,
        ind.bp,
        partners.bp,
        policy_figures.bp,
        policy_simulations.bp,
        admin.bp,
        preview.bp,
    ]
