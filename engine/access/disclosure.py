"""Which parts of a case each role sees: a whitelist per role, never a blacklist.

Sections: `summary` (reference, process, status, dates), `data` (the case data: indicators,
statements, deliberations), `timeline` (what happened when, without who or what was written),
`timeline_details` (who did it, in which role, and the event details), `tasks`, `deadlines`,
`decisions` (outcomes), `diagram`, `parties`, `legal_identity` (the person's legal name, V-number and
where her letters go). Police and prosecution get `identity` only (the reference they send messages to);
policy makers and administrators get no section of a case.

The panel deliberates on the person under her alias: her legal identity is not needed to judge the
indicators, so the case data it reads leaves the legal identity out. The coordinator records it and the
IND decides on residence under it (issue 9 item 8).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Iterable, Mapping

from engine.views import CaseSummary, CaseView

STAFF = frozenset(
    {
        "summary",
        "data",
        "timeline",
        "timeline_details",
        "tasks",
        "deadlines",
        "decisions",
        "diagram",
        "parties",
    }
)
# The case data that identifies the person in law and where she can be reached: shown only with
# `legal_identity`; the alias (`person_alias`) stays for everyone who sees the case data.
LEGAL_IDENTITY_FIELDS = frozenset(
    {"legal_name", "v_number", "delivery", "postal_address", "letter_language", "person", "person_name", "parents"}
)
SECTIONS: dict[str, frozenset[str]] = {
    "coordinator": STAFF | {"legal_identity"},
    "panel": STAFF,
    "ind": frozenset({"summary", "timeline", "tasks", "deadlines", "decisions", "legal_identity"}),
    "lawyer": frozenset({"summary", "timeline", "tasks", "deadlines", "decisions", "diagram"}),
    "guardian": frozenset({"summary", "timeline", "tasks", "deadlines", "decisions", "diagram"}),
    "police": frozenset({"identity"}),
    "prosecutor": frozenset({"identity"}),
}
# event kinds and detail keys shown on a timeline without `timeline_details`
TIMELINE_KINDS = frozenset(
    {
        "case_started",
        "task_completed",
        "decision_taken",
        "timer_fired",
        "message_received",
        "message_sent",
        "case_completed",
        "case_reopened",  # an objection after closure: the parties see the case run again, and on what
        "letter_issued",
    }
)
TIMELINE_KEYS = frozenset({"title", "process", "decision", "outcome", "timer", "due_at", "message"})
READ_KINDS = frozenset(
    {
        "case_viewed",
        "overview_viewed",
        "inbox_viewed",
        "letters_listed",
        "letter_downloaded",
        "audit_exported",
    }
)


def sections(role: str | None) -> frozenset[str]:
    return SECTIONS.get(role or "", frozenset())


def shows(role: str | None, section: str) -> bool:
    return section in sections(role)


def case_summary(role: str | None, case: CaseSummary) -> dict[str, Any]:
    """The case fields the role may see (a CaseSummary or a whole CaseView in, a plain dict out); the
    case data only from a CaseView, which has it."""
    parts = sections(role)
    if not parts:
        return {}
    out: dict[str, Any] = {"id": case.id, "reference": case.reference}
    if "summary" in parts:
        out.update(
            process_id=case.process_id,
            variant=case.variant,
            status=case.status,
            version=case.version,
            created_at=case.created_at,
            updated_at=case.updated_at,
            completed_at=case.completed_at,
        )
    if "data" in parts and isinstance(case, CaseView):
        out["data"] = case_data(role, case.data)
    return out


def case_data(role: str | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """The case data as the role may read it: without the legal identity unless the role needs it."""
    if "data" not in sections(role):
        return {}
    if "legal_identity" in sections(role):
        return dict(data)
    return {k: v for k, v in data.items() if k not in LEGAL_IDENTITY_FIELDS}


def timeline(role: str | None, events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The event log as the role may see it. Reads (audit of who looked) are not part of a timeline."""
    parts = sections(role)
    if "timeline" not in parts:
        return []
    out = []
    for event in events:
        if event["kind"] in READ_KINDS:
            continue
        if "timeline_details" in parts:
            out.append(dict(event))
        elif event["kind"] in TIMELINE_KINDS:
            details = {k: v for k, v in (event.get("details") or {}).items() if k in TIMELINE_KEYS}
            out.append({"id": event["id"], "at": event["at"], "kind": event["kind"], "details": details})
    return out


def decisions(role: str | None, taken: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The decisions taken in a case (rows of the decisions table, engine.store.decisions) as the role
    may see them: what was decided, with which outcome, under which model, never who decided."""
    if "decisions" not in sections(role):
        return []
    return [
        {key: d.get(key) for key in ("at", "decision", "outcome", "model_version", "variant")}
        for d in taken
    ]


def pseudonym(value: str | int, key: bytes) -> str:
    """A stable pseudonym for policy figures: the same case gets the same token, no name or reference."""
    digest = hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:10]}"
