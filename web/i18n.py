"""Dutch first, English second: the language is the user's choice (kept in the session), else the
browser's preference, else Dutch. Dates are shown in Dutch style in Europe/Amsterdam time.

Translations: the Dutch text is the source; web/translations/en/LC_MESSAGES/messages.po holds the
English. The .po file is compiled to .mo at start-up into the instance folder, so no binary is kept
in the repository and an edited .po takes effect on the next start."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import Babel, format_date, format_datetime, get_locale

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("nl", "en")


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default="nl") or "nl"


@lru_cache(maxsize=1)
def compiled_translations() -> Path:
    return compile_translations(Path(tempfile.mkdtemp(prefix="erkend-i18n-")))


def compile_translations(target: Path) -> Path:
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = target / po.relative_to(TRANSLATIONS).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source, mo.open("wb") as sink:
            write_mo(sink, read_po(source))
    return target


def install_i18n(app: Flask, babel: Babel) -> None:
    compiled = compiled_translations()
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=str(compiled))

    @app.template_filter("datetime_nl")
    def _datetime(value: dt.datetime | str | None) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return format_datetime(value, "d MMMM yyyy HH:mm")

    @app.template_filter("date_nl")
    def _date(value: dt.datetime | dt.date | None) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return format_datetime(value, "EEEE d MMMM yyyy")
        return format_date(value, "EEEE d MMMM yyyy")

    @app.template_filter("period_label")
    def _period(value: Any) -> str:
        from flask_babel import gettext as _

        if value.year is None:
            return _("alle perioden")
        if value.quarter is None:
            return str(value.year)
        return _("%(year)s, kwartaal %(quarter)s", year=value.year, quarter=value.quarter)

    @app.template_filter("status_label")
    def _status(value: str) -> str:
        from flask_babel import gettext as _

        return {"running": _("loopt"), "completed": _("afgesloten"), "stopped": _("gestopt"),
                "paused": _("gepauzeerd")}.get(value, value)

    @app.template_filter("label")
    def _label(code: Any, kind: str = "option") -> str:
        from web.presenting import label

        return label(code, kind, str(get_locale() or "nl"))

    @app.template_filter("show")
    def _show(value: Any) -> Any:
        from web.presenting import show

        return show(value, str(get_locale() or "nl"))

    @app.template_filter("field_label")
    def _field_label(name: str) -> str:
        """A field named in an error ("panel_members.0.name") by its label."""
        from flask_babel import gettext as _

        from web.presenting import field_label

        if str(name).startswith("_"):
            return _("Formulier")
        return field_label(str(name).rsplit(".", 1)[-1], str(get_locale() or "nl"))

    @app.template_filter("event_details")
    def _event_details(details: Any) -> list[tuple[str, str]]:
        from web.presenting import event_details

        return event_details(details, str(get_locale() or "nl"))

    @app.template_filter("deadline_words")
    def _deadline_words(derivation: Any) -> list[str]:
        from forms.deadline_words import explain_in_words

        return explain_in_words(derivation, str(get_locale() or "nl"))

    @app.context_processor
    def _language() -> dict[str, Any]:
        return {"current_language": str(get_locale() or "nl"), "languages": LANGUAGES, "tz": AMSTERDAM}
