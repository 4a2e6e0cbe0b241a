"""What every page handler needs: the services, the caller, her language."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import get_locale

from web.identity import current_identity


def services() -> Any:
    return current_app.extensions["erkend"]


def lang() -> str:
    return str(get_locale() or "nl")


def me() -> Any:
    return current_identity()
