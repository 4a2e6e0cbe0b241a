"""The access table: role x action x (relation to the case, case state). Default deny.

Every route of the web application names one action of this table; an action not listed here, a role
not named for it, a case the role is not linked to, or a case in the wrong state is refused. The
decoupling of identification from the criminal investigation is enforced here: police and
prosecution may send messages into a case they investigate and read documents addressed to them, and
nothing else of a case (they are named for no read action of case content).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ROLES = ("coordinator", "panel", "ind", "lawyer", "guardian", "police", "prosecutor", "policy", "admin")
ANY_CASE = "any"  # the coordinator routes every case, so needs no link to one

# role -> the case relation (engine.case_parties) that links a user in that role to a case
RELATION_OF_ROLE: dict[str, str] = {
    "coordinator": ANY_CASE,
    "panel": "panel",
    "lawyer": "lawyer",
    "guardian": "guardian",
    "police": "investigator",
    "prosecutor": "investigator",
    "ind": "decision",  # the IND is linked to a case once a decision was sent to it (a case_links row)
}
CONFLICT = "conflict"  # a panel member linked to the investigating team: excluded from the case
CASE_READERS = frozenset({"coordinator", "panel", "ind", "lawyer", "guardian"})
RUNNING = frozenset({"running"})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    case_scoped: bool = False
    states: frozenset[str] | None = None  # case states in which the action is possible; None = any
    training_only: bool = False


def _rule(
    roles: Iterable[str],
    case_scoped: bool = False,
    states: frozenset[str] | None = None,
    training_only: bool = False,
) -> Rule:
    return Rule(frozenset(roles), case_scoped, states, training_only)


PUBLIC = "public"  # no login needed (login page, health check, API description)
AUTHENTICATED = "authenticated"  # any signed-in user, no case data (home, logout)

ACTIONS: dict[str, Rule] = {
    PUBLIC: _rule(()),
    AUTHENTICATED: _rule(ROLES),
    "worklist.view": _rule(CASE_READERS),
    "case.list": _rule(CASE_READERS | {"police", "prosecutor"}),
    "case.start": _rule({"coordinator"}),
    "case.read": _rule(CASE_READERS, case_scoped=True),
    "case.events": _rule(CASE_READERS, case_scoped=True),
    "task.list": _rule(CASE_READERS, case_scoped=True),
    "task.complete": _rule(CASE_READERS, case_scoped=True, states=RUNNING),
    "message.send": _rule(
        {"coordinator", "lawyer", "guardian", "ind", "police", "prosecutor"}, case_scoped=True, states=RUNNING
    ),
    # an objection received after the case closed reopens it (engine.case_reopening): lodged by the
    # person's lawyer or the coordinator, as any objection (`objection_lodged`), on a closed case only
    "objection.after_closure": _rule({"coordinator", "lawyer"}, case_scoped=True, states=frozenset({"completed"})),
    "parties.manage": _rule({"coordinator"}, case_scoped=True, states=RUNNING),
    # which letters: only those delivered to the reader (engine.letter_issuing); police and prosecution
    # read the documents addressed to them and nothing else of the case
    "letters.read": _rule(CASE_READERS | {"police", "prosecutor"}, case_scoped=True),
    "lawyer.overview": _rule({"lawyer"}),
    "guardian.overview": _rule({"guardian"}),
    "ind.inbox": _rule({"ind"}),
    "partners.inbox": _rule({"police", "prosecutor"}),
    # the investigation side's own tasks (in the current procedure: the police's identification, the
    # prosecutor's non-punishment assessment): only tasks in their own lane, shown as a bare form with
    # nothing of the case but its reference
    "partners.task": _rule({"police", "prosecutor"}, case_scoped=True, states=RUNNING),
    "policy.aggregates": _rule({"policy"}),
    # simulations hold no case data (synthetic people); every policy maker sees every run
    "policy.simulate": _rule({"policy"}),
    "admin.users": _rule({"admin"}),
    "admin.models": _rule({"admin"}),
    "admin.audit_export": _rule({"admin"}),
    # timers that failed: their case, name, attempts and error class; no case content
    "admin.timers": _rule({"admin"}),
    "clock.advance": _rule({"coordinator", "admin"}, training_only=True),
}


class UnknownAction(KeyError):
    """A route names an action the policy does not know: a programming error, refused loudly."""


def rule_for(action: str) -> Rule:
    if action not in ACTIONS:
        raise UnknownAction(action)
    return ACTIONS[action]


def roles_for(action: str) -> frozenset[str]:
    return rule_for(action).roles


@dataclass(frozen=True)
class Decision:
    """`role` is the role the user acts in when allowed; otherwise `refusal` says why:
    `role` (no role of the user is named for the action), `relation` (not linked to the case),
    `state` (linked, but the case is in a state where the action is not possible)."""

    role: str | None
    refusal: str | None = None

    @property
    def allowed(self) -> bool:
        return self.role is not None


def decide(
    action: str, roles: Iterable[str], relations: frozenset[str] = frozenset(), case_status: str | None = None
) -> Decision:
    """May a user holding `roles`, with `relations` to the case (engine.case_parties.relations), do
    `action` on a case in `case_status`? A panel member with a `conflict` link is never linked."""
    rule = rule_for(action)
    candidates = sorted(set(roles) & rule.roles, key=ROLES.index)
    if not candidates:
        return Decision(None, "role")
    if not rule.case_scoped:
        return Decision(candidates[0])
    linked = [role for role in candidates if _linked(role, relations)]
    if not linked:
        return Decision(None, "relation")
    if rule.states is not None and case_status not in rule.states:
        return Decision(None, "state")
    return Decision(linked[0])


def permitted_role(
    action: str, roles: Iterable[str], relations: frozenset[str] = frozenset(), case_status: str | None = None
) -> str | None:
    return decide(action, roles, relations, case_status).role


def _linked(role: str, relations: frozenset[str]) -> bool:
    relation = RELATION_OF_ROLE.get(role)
    if relation is None:
        return False
    if role == "panel" and (CONFLICT in relations or "investigator" in relations):
        return False  # the panel decides independently of the investigation, whatever the order of links
    return relation == ANY_CASE or relation in relations


def may_see_case(role: str, relations: frozenset[str]) -> bool:
    """Whether the case may be named to this role at all (otherwise it answers as if absent)."""
    return _linked(role, relations)


# Which role may deliver which message into a case (default deny: a message not listed is refused).
# Names are the messages the procedure models wait for (processes/README.md, message catalogue), plus the
# reference model's `investigation_closed`. Investigation roles send outcomes and information from the
# criminal case, nothing else; the person's choices come through the coordinator or her lawyer.
_CRIMINAL_CASE = frozenset({"police", "prosecutor", "coordinator"})
_PERSONS_CHOICE = frozenset({"coordinator", "lawyer"})
MESSAGE_SENDERS: dict[str, frozenset[str]] = {
    "investigation_closed": _CRIMINAL_CASE,
    "report_filed": frozenset({"police", "coordinator"}),
    "report_withdrawn": frozenset({"police", "coordinator"}),
    "threat_statement": frozenset({"police", "coordinator"}),  # police/KMar, or a doctor's statement via the coordinator
    "asylum_applied": frozenset({"coordinator", "lawyer", "ind"}),
    "leads_assessment": frozenset({"police", "prosecutor"}),
    "prosecution_started": _CRIMINAL_CASE,
    "dismissal": _CRIMINAL_CASE,
    "acquittal": _CRIMINAL_CASE,
    "conviction": _CRIMINAL_CASE,
    "prosecution_decision": frozenset({"prosecutor"}),
    "information_received": frozenset({"police", "prosecutor", "ind", "coordinator"}),
    "cooperation_offered": _PERSONS_CHOICE | {"police"},
    "declined": _PERSONS_CHOICE,
    "cannot_cooperate": _PERSONS_CHOICE,
    "objection_lodged": _PERSONS_CHOICE,
    "reconsideration_requested": _PERSONS_CHOICE,
    "guardian_appointed": frozenset({"coordinator", "guardian"}),
    "child_missing": frozenset({"coordinator", "guardian", "police"}),
    "child_found": frozenset({"coordinator", "guardian", "police"}),
}


def may_send(role: str | None, message: str) -> bool:
    return role is not None and role in MESSAGE_SENDERS.get(message, frozenset())
