"""Task data for the procedure's steps, as the people in the scenarios fill them in (fictional people)."""
from __future__ import annotations

from typing import Any

from tests.processes.scenario import Scenario


def signal(**over: Any) -> dict[str, Any]:
    data = {"signal_source": "ngo", "signal_date": "2026-01-05", "person_alias": "Ana V.", "legal_name": "Ana Vidaković", "birth_date": "1994-03-12",
            "age_doubt": False, "residence_status": "tcn_unlawful", "exploitation_form": "labour",
            "suspected_offence": False, "nationality": "fictional"}
    data.update(over)
    return data


def intake(s: Scenario, **over: Any) -> None:
    """Referral and intake up to routing: registration, safety check, consent (adults), placement."""
    s.start()
    s.do("register_signal", signal(**over))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    if "consent" in s.ready():
        s.do("consent", {"consent_given": True, "informed_in_language": "Engels"})
    s.do("placement", {"shelter_type": "cosm", "placement_start": "2026-01-05"})


MEMBERS = [{"name": "Voorzitter Smit", "role": "chair", "voting": True},
           {"name": "Zorg de Wit", "role": "care", "voting": True},
           {"name": "Jurist Bakker", "role": "legal", "voting": True},
           {"name": "Arbeid Visser", "role": "labour", "voting": True},
           {"name": "Politie Liaison", "role": "police_liaison", "voting": False}]
CHILD_EXPERT = {"name": "Kind Mulder", "role": "child_expert", "voting": True}
INDICATOR = {"list_name": "ilo_forced_labour", "code": "withholding_wages", "status": "reported_by_person",
             "source": "self", "weight": "strong"}


def first_stage(s: Scenario, outcome: str = "positive", minor: bool = False) -> None:
    s.do("compose_panel", {"panel_members": MEMBERS + ([CHILD_EXPERT] if minor else [])})
    s.do("first_stage", {"indicators": [INDICATOR], "threshold": "suspect_cannot_prove", "outcome": outcome,
                         "reasons": "Loon ingehouden, paspoort afgenomen."})


def prepare(s: Scenario, info: bool = False, hearing: bool = False) -> None:
    s.do("prepare", {"info_requested_from": ["police"] if info else [], "info_question": "Lopend onderzoek?" if info else None,
                     "hearing_wanted": hearing})


def final(s: Scenario, outcome: str) -> None:
    s.do("final_decision", {"threshold": "suspect_cannot_prove", "outcome": outcome, "reasons": "Indicatoren gewogen.",
                            "decided_by": ["Voorzitter Smit", "Zorg de Wit", "Jurist Bakker"]})


VIEW = {"view_given": True, "view_summary": "Zij licht haar situatie toe; de aangifte loopt nog."}


def view(s: Scenario, task: str) -> None:
    """The person's view on a notice of intended decision, received today (art. 4:7/4:8 Awb)."""
    s.do(task, {**VIEW, "view_received_on": s.clock.now().date().isoformat()})


def permit(s: Scenario, outcome: str = "granted") -> None:
    """The IND's decision on the permit. A refusal is first a notice of intended decision; after the
    person's view, the same decision is taken again, now final (issue 9 item 14)."""
    s.do("permit_decision", {"outcome": outcome, "reasons": "Voorwaarden B8/3 vervuld."
                             if outcome == "granted" else "Geen aangifte of medewerking vastgesteld."})
    if outcome == "refused" and "intended_refusal_view" in s.ready():
        view(s, "intended_refusal_view")
        s.do("permit_decision", {"outcome": outcome, "reasons": "Zienswijze gewogen; geen aangifte of medewerking."})


def after_notice(s: Scenario, task: str, view_task: str, data: dict[str, Any]) -> None:
    """A refusal preceded by a notice of intended decision (art. 4:7/4:8 Awb, issue 9 item 14): the decision
    task gives the intention, the person's view is recorded today, and the same decision is taken again."""
    s.do(task, data)
    view(s, view_task)
    s.do(task, data)


def permit_on_a_report(s: Scenario, outcome: str = "granted", **over: Any) -> None:
    """The opening of most residence scenarios, all on the scenario's day: intake, the police's indication
    (their offer of the reflection period), the person's report, and the IND's decision on the permit."""
    intake(s, **over)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": s.today()})
    s.message("report_filed", {"filed_on": s.today(), "filed_with": "police", "report_ref": "PL-2026-0042"})
    permit(s, outcome)


def withdraw(s: Scenario, reasons: str, retroactive_from: str | None = None, instance: str = "none",
             final: bool = True) -> None:
    """The withdrawal of the permit: the notice of intention, the person's view, then the decision, with
    where the criminal case stands (`instance`, `final`: issue 9 item 4)."""
    s.do("intend_withdrawal", {"reasons": reasons})
    view(s, "intended_withdrawal_view")
    s.do("withdraw_permit", {"outcome": "withdrawn", "criminal_case_instance": instance, "criminal_case_final": final,
                             "reasons": reasons, "retroactive_from": retroactive_from})
