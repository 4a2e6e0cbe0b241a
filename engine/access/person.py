"""Who the case is about, as far as each role may know her: a whitelist of person fields per role.

The case data (indicators, statements, the panel's deliberations) stays with the roles that have the
`data` section (engine.access.disclosure). The person's own particulars are a narrower thing, and some
roles outside the panel need them to do their work:

- the lawyer represents the person and the guardian was appointed for the child: both know her and
  speak with her, so they see the name she is known by in the case (the alias the coordinator recorded),
  her age, nationality, residence status and language. Nothing else of the case data.
- the IND decides on residence: it sees the person's nationality, residence status and age status,
  which its decisions turn on (Vc 2000 B8/3), but not the alias: it identifies the person by its own file.

Investigation roles, policy makers and administrators see none of it.
"""

from __future__ import annotations

from typing import Any, Mapping

from engine.case_facts import values as fact_values

# The person fields in display order. Each is read from the case facts first, then the case data.
FIELDS = ("person_alias", "birth_date", "age_status", "nationality", "residence_status",
          "informed_in_language", "guardian")
_PERSON_KNOWN = frozenset(FIELDS)
PERSON_FIELDS: dict[str, frozenset[str]] = {
    "coordinator": _PERSON_KNOWN,
    "panel": _PERSON_KNOWN,
    "lawyer": _PERSON_KNOWN,
    "guardian": _PERSON_KNOWN,
    "ind": frozenset({"age_status", "nationality", "residence_status"}),
}


def person_fields(role: str | None) -> frozenset[str]:
    return PERSON_FIELDS.get(role or "", frozenset())


def person(role: str | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """The person's particulars this role may see, from the case data and the recorded case facts
    (a fact wins: it is the procedures' current value). Fields without a value are left out."""
    allowed = person_fields(role)
    if not allowed:
        return {}
    facts = fact_values(data)
    out: dict[str, Any] = {}
    for name in FIELDS:
        if name not in allowed:
            continue
        value = facts.get(name)
        if value in (None, ""):
            value = data.get(name)
        if value not in (None, ""):
            out[name] = value
    return out
