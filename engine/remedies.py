"""Which message a running term lets the person (through her lawyer or the coordinator) send: an
objection while the objection term runs (Awb art. 6:7, Vw 2000 art. 69), a request for reconsideration
while the reconsideration window runs. The case file offers it on the term itself, when the case waits
for that message and the reader may send it (engine.access.rules.may_send)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

REMEDY_MESSAGES = {"objection": "objection_lodged", "reconsideration": "reconsideration_requested"}
# The policy values (processes/policy.json) a remedy term is computed from.
POLICY_REMEDY = {"objection_term_awb": "objection", "objection_term_vw": "objection",
                 "reconsideration_term": "reconsideration"}


def remedy_of(deadline: Mapping[str, Any]) -> str | None:
    """`objection`, `reconsideration` or None: a letter's remedy term says so itself, a timer by the
    policy value its due moment was computed from."""
    if deadline.get("remedy"):
        return str(deadline["remedy"])
    policy = ((deadline.get("derivation") or {}).get("policy") or {}).get("name")
    return POLICY_REMEDY.get(str(policy)) if policy else None


def remedy_action(deadline: Mapping[str, Any], offered: Iterable[str]) -> str | None:
    """The message to offer on this term, if the case waits for it from this reader."""
    remedy = remedy_of(deadline)
    message = REMEDY_MESSAGES.get(remedy or "")
    return message if message and message in set(offered) else None
