"""Whose case it is and what runs for her, at the top of the case file and the overviews: the person as
far as the reader's role may see the case data (engine.access.disclosure decides; nothing is widened
here), the procedures running, and every deadline that matters to the reader, the remedy terms of the
letters she received included (objection and appeal, Awb art. 6:7 / Vw 2000 art. 69), overdue first."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from markupsafe import Markup

from engine.access import disclosure
from engine.access.person import person
from engine.views import CaseView
from letters.catalogue import CATALOGUE
from web.presenting import label, show, text

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REMEDY_ENDED_BY = "objection_lodged"  # an objection lodged ends the objection term it used


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(AMSTERDAM).date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def remedy_terms(letters: Iterable[Any], events: Iterable[Mapping[str, Any]], now: dt.datetime,
                 lang: str) -> list[dict[str, Any]]:
    """The remedy terms of the reader's letters that still run: a letter not superseded, with a term
    whose last day has not passed and against which no objection was lodged since it was issued. The
    term ends at the end of its last day (Algemene termijnenwet; engine.deadlines computed the day)."""
    lodged = [_aware(e["at"]) for e in events if e["kind"] == "message_received"
              and (e.get("details") or {}).get("message") == REMEDY_ENDED_BY]
    today = now.astimezone(AMSTERDAM).date()
    out = []
    for letter in letters:
        last_day = letter.objection_deadline
        decision = CATALOGUE.get(letter.letter_type)
        if letter.superseded or last_day is None or decision is None or last_day < today:
            continue
        kind = decision.remedy_rule.kind
        if kind not in ("objection", "appeal"):
            continue
        if kind == "objection" and any(at >= _aware(letter.issued_at) for at in lodged):
            continue
        name = _("Bezwaartermijn") if kind == "objection" else _("Beroepstermijn")
        due_at = dt.datetime.combine(last_day, dt.time(23, 59), AMSTERDAM)
        out.append({
            "name": f"{name}: {label(letter.letter_type, 'letter', lang)}",
            "due_at": due_at,
            "status": "pending",
            "paused": False,
            "overdue": False,
            "process_id": None,
            "procedure": None,
            "letter_id": letter.id,
            "remedy": kind,
            "explanation": None,
        })
    return out


def running_deadlines(timers: list[dict[str, Any]], remedies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Timers and remedy terms together: overdue first, then soonest first; paused ones last."""
    return sorted([*timers, *remedies], key=lambda d: (not d["overdue"], d["paused"], d["due_at"]))


def person_rows(role: str | None, case: CaseView, parties: list[tuple[str, str]], lang: str,
                now: dt.datetime) -> list[tuple[str, Markup | str]]:
    """The person as the reader's role may see her (engine.access.person: the lawyer and the guardian
    know her by her alias, the IND sees nationality and residence status; nothing is widened here)."""
    rows: list[tuple[str, Markup | str]] = []
    if disclosure.shows(role, "legal_identity"):
        for title, value in ((_("Wettelijke naam"), case.data.get("legal_name")),
                             (_("V-nummer"), case.data.get("v_number"))):
            if value:
                rows.append((title, str(value)))
    known = person(role, case.data)
    if known.get("person_alias"):
        rows.append((_("Persoon"), str(known["person_alias"])))
    birth = _as_date(known.get("birth_date"))
    status = known.get("age_status")
    if birth or status:
        age = _("%(n)s jaar", n=age_on(birth, now.astimezone(AMSTERDAM).date())) if birth else ""
        words = label(status, "option", lang) if status else ""
        rows.append((_("Leeftijd"), f"{age} ({words.lower()})" if age and words else age or words))
    for title, key in ((_("Nationaliteit"), "nationality"), (_("Verblijfsstatus"), "residence_status"),
                       (_("Taal"), "informed_in_language")):
        if known.get(key):
            rows.append((title, text(known[key], lang)))
    if known.get("guardian"):
        rows.append((_("Voogd"), _guardian(known["guardian"], lang)))
    lawyers = [username for kind, username in parties if kind == "lawyer"]
    if lawyers:
        rows.append((_("Advocaat"), ", ".join(lawyers)))
    return rows


def _guardian(guardian: Any, lang: str) -> Markup | str:
    if isinstance(guardian, Mapping) and guardian.get("body"):
        since = guardian.get("appointed_on")
        return (_("%(body)s, benoemd op %(day)s", body=guardian["body"], day=text(since, lang))
                if since else str(guardian["body"]))
    return show(guardian, lang)


def running_procedures(case: CaseView, lang: str) -> list[str]:
    return [label(process_id, "process", lang) for process_id in case.running_procedure_ids]
